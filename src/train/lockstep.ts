/**
 * Lock-step training: the runs of one seed see the same split, batch order, dropout masks and
 * initial weights, and differ only in their loss; so K of them train together, on one batch gathered
 * once per step and one set of masks, in one WebAssembly instance (src/model/wasm-stack.ts). Each
 * model keeps its own loss, gradient, Adam state, early stopping and best weights, and leaves the
 * stack when it stops or fails. Every model's arithmetic is that of `train` on the fused step, in
 * the same order, so its weights, losses and epochs are the same bits as when it is trained alone
 * (test/train/lockstep.test.ts); only training.kernel "fused" (SIMD loops) trains this way.
 */
import seedrandom from 'seedrandom';
import type { Model } from '../model/model';
import { WasmStack } from '../model/wasm-stack';
import { EarlyStopping } from './early-stopping';
import { Examples, TrainLoss, nonFinite } from './engine';
import { shuffle, EpochReport, TrainResult, SeededTrainingSettings } from './train';

export interface LockstepMember {
  model: Model;
  loss: TrainLoss;
  onEpoch?: (r: EpochReport) => void;
}

/** Whether these models can train in one stack with these settings (else each trains alone). */
export function canTrainInLockstep(models: Model[], s: SeededTrainingSettings): boolean {
  const key = models[0]?.lockstep?.key;
  return s.kernel === 'fused' && key !== undefined && models.every((m) => m.lockstep?.key === key);
}

interface MemberState {
  result: TrainResult;
  stopping: EarlyStopping;
  lossSum: number;
  accBeta1: number;
  accBeta2: number;
  best?: Float32Array;
}

/** Trains every member as `train` would, in lock step; leaves each model's final weights in model.theta. */
export function trainLockstep(members: LockstepMember[], trainSet: Examples, validation: Examples, s: SeededTrainingSettings): TrainResult[] {
  if (!canTrainInLockstep(members.map((m) => m.model), s)) throw new Error('these models cannot train in lock step (different architectures, seeds or dropout, or not training.kernel "fused")');
  const shape = members[0].model.lockstep!;
  const stack = new WasmStack(shape.layers, shape.parameters, members.map((member) => member.loss.flat), {
    train: trainSet,
    validation,
    width: trainSet.width,
    batchSize: s.batchSize,
  }, s.fma === 'on' ? 'fma' : 'plain');
  try {
    return trainMembers(members, stack, trainSet, s);
  } finally {
    stack.release();
  }
}

/** Trains every member in the stack, from its model's weights, until each has stopped or failed. */
function trainMembers(members: LockstepMember[], stack: WasmStack, trainSet: Examples, s: SeededTrainingSettings): TrainResult[] {
  const beta1 = Math.fround(s.beta1);
  const beta2 = Math.fround(s.beta2);
  const states: MemberState[] = members.map((member, m) => {
    stack.theta(m).set(member.model.theta);
    return {
      result: { status: 'ok', epochsRun: 0, bestEpoch: 0, trainLoss: [], validationLoss: [] },
      stopping: new EarlyStopping(s.patience, s.minDelta),
      lossSum: 0,
      accBeta1: beta1,
      accBeta2: beta2,
    };
  });
  /** Member m leaves the stack: its weights (the best ones unless it failed) go back to its model. */
  const leave = (m: number, restore: boolean) => {
    const st = states[m];
    if (restore && s.restoreBest && st.best) stack.theta(m).set(st.best);
    members[m].model.theta.set(stack.theta(m));
  };
  const n = trainSet.rows;
  const shuffleRng = seedrandom(`shuffle:${s.seed}`);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  // One stream of masks serves every member: their streams are equal (same key).
  const dropout = members[0].model.dropout;
  let active = members.map((_, m) => m);
  for (let epoch = 1; epoch <= s.maxEpochs && active.length > 0; epoch++) {
    shuffle(order, shuffleRng);
    let steps = 0;
    for (let start = 0; start < n; start += s.batchSize) {
      const idx = order.subarray(start, Math.min(n, start + s.batchSize));
      stack.setBatchFrom(idx, dropout);
      for (const m of active) {
        const st = states[m];
        stack.forward(m);
        // The loss is accumulated as float32 values, as in the fused engine.
        st.lossSum = Math.fround(st.lossSum + Math.fround(stack.batchLoss(m)));
        stack.backwardAdam(m, s, 1 - st.accBeta1, 1 - st.accBeta2);
        st.accBeta1 = Math.fround(st.accBeta1 * beta1);
        st.accBeta2 = Math.fround(st.accBeta2 * beta2);
      }
      steps++;
    }
    active = active.filter((m) => {
      const st = states[m];
      const { result } = st;
      const trainLoss = Math.fround(st.lossSum) / steps;
      st.lossSum = 0;
      stack.validate(m);
      const validationLoss = Math.fround(stack.validationLoss(m));
      result.trainLoss.push(trainLoss);
      result.validationLoss.push(validationLoss);
      result.epochsRun = epoch;
      members[m].onEpoch?.({ epoch, trainLoss, validationLoss });
      if (!Number.isFinite(trainLoss) || !Number.isFinite(validationLoss)) {
        result.status = 'failed';
        const [which, value] = Number.isFinite(trainLoss) ? ['validation', validationLoss] : ['training', trainLoss];
        result.failure = { epoch, reason: `${which} loss became ${Number.isNaN(value) ? 'NaN' : 'infinite'}` };
        leave(m, false);
        return false;
      }
      const badWeights = nonFinite(stack.theta(m));
      if (badWeights) {
        result.status = 'failed';
        result.failure = { epoch, reason: `weights became ${badWeights}` };
        leave(m, false);
        return false;
      }
      const decision = st.stopping.update(epoch, validationLoss);
      if (decision === 'improved') {
        result.bestEpoch = epoch;
        if (s.restoreBest) st.best = Float32Array.from(stack.theta(m));
      } else if (decision === 'stop') {
        leave(m, true);
        return false;
      }
      return true;
    });
  }
  for (const m of active) leave(m, true);
  return states.map((st) => st.result);
}
