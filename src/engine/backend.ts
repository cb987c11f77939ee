/**
 * The TensorFlow.js backend. Order of preference when none is named: tfjs-node where the user
 * installed (an optional dependency: where its install script cannot download libtensorflow npm skips it), then
 * WebAssembly (SIMD, single-threaded in Node), then the pure-JS cpu backend.
 * Different backends give different numbers after training, so every record names its backend.
 */
import type * as TF from '@tensorflow/tfjs';
import { tfjs } from './tfjs';
import { SolhError } from '../errors';

export const BACKEND_CHOICES = ['auto', 'node', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** tfjs-node registers itself as 'tensorflow'; we call it 'node' in settings and records. */
const TF_NAME: Record<Exclude<BackendChoice, 'auto'>, string> = { node: 'tensorflow', wasm: 'wasm', cpu: 'cpu' };

async function tryNode(tf: typeof TF): Promise<boolean> {
  try {
    // A present package with a missing native addon throws at import: any error means "not here".
    // The name is held in a variable so that bundlers and tsc do not try to resolve it.
    const name = '@tensorflow/tfjs-node';
    await import(name);
    return tf.findBackend('tensorflow') !== null || tf.findBackendFactory('tensorflow') !== null;
  } catch {
    return false;
  }
}

async function use(tf: typeof TF, name: string): Promise<boolean> {
  try {
    if (!(await tf.setBackend(name))) return false;
    await tf.ready();
    return tf.getBackend() === name;
  } catch {
    return false;
  }
}

function checkChoice(choice: string): asserts choice is BackendChoice {
  if (!(BACKEND_CHOICES as readonly string[]).includes(choice)) {
    throw new SolhError(`unknown backend "${choice}": choose one of ${BACKEND_CHOICES.join(', ')}`);
  }
}

/** Whether tfjs-node is installed (whether it loads, only loading it says). */
function nodeInstalled(): boolean {
  try {
    const name = '@tensorflow/tfjs-node';
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * The backend selectBackend would choose, named without loading TF.js: for workers whose runs
 * train and predict on the fused steps, which use no TF.js backend but whose records name it as
 * before. 'wasm' and 'cpu' as asked, 'auto' is 'wasm' where tfjs-node is not installed (the wasm
 * backend is a dependency); undefined where only loading TF.js can tell (tfjs-node installed, or
 * asked for). Unlike selectBackend it does not check that the wasm backend starts.
 */
export function backendWithoutTfjs(choice: string = 'auto'): Exclude<BackendChoice, 'auto'> | undefined {
  checkChoice(choice);
  if (choice === 'wasm' || choice === 'cpu') return choice;
  return choice === 'auto' && !nodeInstalled() ? 'wasm' : undefined;
}

/**
 * Makes the chosen backend current and returns its settings name ('node', 'wasm' or 'cpu').
 * An explicit choice that cannot load is an error; 'auto' falls back down the list.
 */
export async function selectBackend(choice: string = 'auto'): Promise<Exclude<BackendChoice, 'auto'>> {
  checkChoice(choice);
  const tf = tfjs();
  tf.enableProdMode(); // no debug checks and no "install tfjs-node" banner
  // Importing the wasm backend registers it; setBackend below decides which one is used.
  require('@tensorflow/tfjs-backend-wasm');
  const order: Exclude<BackendChoice, 'auto'>[] = choice === 'auto' ? ['node', 'wasm', 'cpu'] : [choice as 'node' | 'wasm' | 'cpu'];
  for (const b of order) {
    if (b === 'node' && !(await tryNode(tf))) continue;
    if (await use(tf, TF_NAME[b])) return b;
  }
  if (choice === 'node') {
    throw new SolhError('backend "node" needs @tensorflow/tfjs-node, which is not installed or does not load here: use --backend wasm or cpu');
  }
  throw new SolhError(`backend "${choice}" could not be started: use --backend cpu`);
}
