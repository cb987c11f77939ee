// TF.js for the explorer page: core, the cpu backend and layers (no webgl, converter or data),
// as the global `tf` that solh-losses' browser script reads. Half the size of tf.min.js.
import * as core from '@tensorflow/tfjs-core';
// tensor.mul(...) and the other chained ops, which the union package @tensorflow/tfjs registers.
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-backend-cpu';
import * as layers from '@tensorflow/tfjs-layers';

globalThis.tf = { ...core, ...layers };
