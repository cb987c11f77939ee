/**
 * TF.js, loaded on first use. The fused steps train and predict without it, so a worker whose
 * runs use only them never loads it (nor its wasm backend); modules that need it on some paths
 * only (the TF.js graph of a model, the backend) call this there, and keep its types by `import type`.
 */
import type * as TF from '@tensorflow/tfjs';

let tf: typeof TF | undefined;

export function tfjs(): typeof TF {
  return (tf ??= require('@tensorflow/tfjs') as typeof TF);
}
