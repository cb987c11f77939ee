/**
 * The lock-step stack expands dropout masks from the stream's raw draws in WebAssembly
 * (assembly/dense.ts expandMask): the masks must be the bits the JavaScript stream fills, at
 * rate 0.5 (32 keep bits per draw, a partial last draw when rows × width is not a multiple of 32)
 * and at other rates (one draw per unit against a threshold), over successive batches.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dropoutStream } from '../../src/model/dropout';
import { WasmStack } from '../../src/model/wasm-stack';
import { flatBce } from 'solh-losses/core';

function bits(a: Float32Array): number[] {
  return Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
}

test('masks expanded in wasm from the raw draws = the masks the JavaScript stream fills', () => {
  const layers = [{ wo: 0, bo: 10 * 32, k: 10, n: 32 }, { wo: 352, bo: 352 + 32 * 7, k: 32, n: 7 }, { wo: 583, bo: 590, k: 7, n: 1 }];
  const widths = [32, 7];
  const x = Float32Array.from({ length: 100 * 10 }, (_, i) => i % 7);
  const y = new Float32Array(100);
  for (const rate of [0.5, 0.3, 0.9]) {
    const stack = new WasmStack(layers, 591, [flatBce], { train: { x, y, rows: 100 }, validation: { x, y, rows: 1 }, width: 10, batchSize: 64 });
    const inWasm = dropoutStream(widths, rate, 11);
    const inJs = dropoutStream(widths, rate, 11);
    assert.ok(inWasm.draws, 'a stream with dropout offers its draws');
    let kept = 0;
    for (const rows of [64, 37, 64, 1]) {
      const idx = Int32Array.from({ length: rows }, (_, i) => i);
      stack.setBatchFrom(idx, inWasm);
      const expected = inJs(rows)!;
      const internals = stack as unknown as { f32: Float32Array; masks: number[] };
      widths.forEach((w, l) => {
        const got = internals.f32.subarray(internals.masks[l] / 4, internals.masks[l] / 4 + rows * w);
        assert.deepEqual(bits(got), bits(expected[l]), `rate ${rate}, rows ${rows}, layer ${l}`);
        kept += got.filter((v) => v > 0).length;
      });
    }
    assert.ok(kept > 0, `rate ${rate}: some units kept`);
  }
  assert.equal(dropoutStream(widths, 0, 11).draws, undefined, 'no dropout, no draws');
});
