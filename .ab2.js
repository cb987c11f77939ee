const neu = require('./dist/src/model/dense-kernel');
const old = require('/tmp/fastscratch/old/.old-kernel.js');
const B = 64;
const shapes = [[23, 32], [32, 16], [16, 1]];
const th = Float32Array.from({ length: 2000 }, () => Math.random() - 0.5);
const g = new Float32Array(2000);
const inp = Float32Array.from({ length: B * 32 }, () => Math.random());
const out = new Float32Array(B * 32);
const mask = Float32Array.from({ length: B * 32 }, () => (Math.random() < 0.5 ? 2 : 0));
const step = (K) => (k, n) => { K.denseForward(th, 0, 1000, inp, B, k, n, out, true, mask); K.denseGradients(g, 0, 1000, inp, out, B, k, n); K.denseBackInput(th, 0, out, B, k, n, inp, mask, g); };
const variants = { old: step(old), new: step(neu) };
const res = {};
for (let r = 0; r < 21; r++) for (const [name, f] of Object.entries(variants)) {
  const t0 = performance.now(); let macs = 0;
  for (let it = 0; it < 1000; it++) for (const [k, n] of shapes) { f(k, n); macs += 3 * B * k * n; }
  (res[name] ??= []).push(2 * macs / (performance.now() - t0) / 1e6);
}
for (const [k, v] of Object.entries(res)) { v.sort((a, b) => a - b); console.log(k, 'median', v[10].toFixed(2), 'GFLOP/s, max', v[20].toFixed(2)); }
