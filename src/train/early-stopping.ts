/**
 * Early stopping on a monitored loss (Keras semantics): an epoch improves when its value is below
 * the best so far by more than minDelta; training stops after `patience` epochs in a row without one.
 */
export type StopDecision = 'improved' | 'wait' | 'stop';

export class EarlyStopping {
  best = Infinity;
  bestEpoch = 0;
  private wait = 0;

  constructor(
    private readonly patience: number,
    private readonly minDelta: number,
  ) {}

  update(epoch: number, value: number): StopDecision {
    if (value < this.best - this.minDelta) {
      this.best = value;
      this.bestEpoch = epoch;
      this.wait = 0;
      return 'improved';
    }
    return ++this.wait >= this.patience ? 'stop' : 'wait';
  }
}
