/**
 * Adam on a flat float32 parameter vector, with tf.train.adam's arithmetic: moments
 * m ← β1·m + (1−β1)·g and v ← β2·v + (1−β2)·g², then θ ← θ − lr·(m/(1−β1ᵗ)) / (√(v/(1−β2ᵗ)) + ε).
 * TF.js keeps β1ᵗ and β2ᵗ as float32 running products; so does this, so the bias corrections match.
 */
export interface AdamSettings {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

export class FlatAdam {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private accBeta1: number;
  private accBeta2: number;

  constructor(size: number, private readonly s: AdamSettings) {
    this.m = new Float32Array(size);
    this.v = new Float32Array(size);
    this.accBeta1 = Math.fround(s.beta1);
    this.accBeta2 = Math.fround(s.beta2);
  }

  step(theta: Float32Array, grad: Float32Array): void {
    const { m, v } = this;
    const { beta1, beta2, epsilon, learningRate } = this.s;
    const c1 = 1 - this.accBeta1;
    const c2 = 1 - this.accBeta2;
    const a1 = 1 - beta1;
    const a2 = 1 - beta2;
    for (let i = 0; i < theta.length; i++) {
      const g = grad[i];
      m[i] = beta1 * m[i] + a1 * g;
      v[i] = beta2 * v[i] + a2 * g * g;
      const mi = m[i]; // the stored float32 values, as TF.js divides those
      const vi = v[i];
      theta[i] -= (learningRate * (mi / c1)) / (Math.sqrt(vi / c2) + epsilon);
    }
    this.accBeta1 = Math.fround(this.accBeta1 * Math.fround(beta1));
    this.accBeta2 = Math.fround(this.accBeta2 * Math.fround(beta2));
  }
}
