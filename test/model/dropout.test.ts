/** Seeded dropout masks, and the xoshiro128** generator behind them against the reference C code. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dropoutStream, xoshiro128ss } from '../../src/model/dropout';

test('dropout masks: 0 or 1/keep, keep rate near 1 − rate, the same stream for the same seed, new masks on each call', () => {
  const copy = (ms: Float32Array[]) => ms.map((m) => m.slice()); // the stream reuses its arrays
  for (const rate of [0.5, 0.3, 0.8]) {
    const a = dropoutStream([32, 16], rate, 7);
    const b = dropoutStream([32, 16], rate, 7);
    const m1 = copy(a(500)!);
    assert.deepEqual(m1, copy(b(500)!));
    const m2 = copy(a(500)!);
    assert.notDeepEqual(m1, m2);
    const scale = Math.fround(1 / (1 - rate));
    const all = m1.flatMap((m) => Array.from(m));
    assert.ok(all.every((v) => v === 0 || v === scale));
    const kept = all.filter((v) => v !== 0).length / all.length;
    assert.ok(Math.abs(kept - (1 - rate)) < 0.01, `rate ${rate}: kept ${kept}`);
  }
  // A smaller batch (the last of an epoch) continues the same stream.
  const c = dropoutStream([3], 0.5, 1);
  const d = dropoutStream([3], 0.5, 1);
  const seq = [...copy(c(40)!), ...copy(c(7)!), ...copy(c(40)!)];
  assert.deepEqual(seq.map((m) => m.length), [120, 21, 120]);
  const e = copy(d(40)!);
  assert.deepEqual(seq[0], e[0]);
  assert.equal(dropoutStream([4], 0, 1)(10), undefined);
});

test('xoshiro128** matches a BigInt transcription of the reference C code', () => {
  const M = (1n << 32n) - 1n;
  const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (32n - k))) & M;
  const reference = (s: bigint[]) => () => {
    const result = (rotl((s[1] * 5n) & M, 7n) * 9n) & M;
    const t = (s[1] << 9n) & M;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11n);
    return Number(result);
  };
  for (const state of [[1, 2, 3, 4], [0x9e3779b9, 0xdeadbeef, 0x7f4a7c15, 0x12345678]] as [number, number, number, number][]) {
    const ours = xoshiro128ss(state);
    const ref = reference(state.map(BigInt));
    const a = Array.from({ length: 1000 }, ours);
    assert.deepEqual(a, Array.from({ length: 1000 }, ref));
    if (state[0] === 1) assert.equal(a[0], 11520); // rotl(2·5, 7)·9, by hand
  }
});
