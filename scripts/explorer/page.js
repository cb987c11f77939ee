// The explorer page's script (inlined into docs/explorer.html by scripts/build-explorer.mjs).
// Globals: tf (TF.js core + cpu + layers), solhLosses (the library's browser script) and PIMA_CSV.
/* global tf, solhLosses, PIMA_CSV */
(() => {
  const L = solhLosses;
  const $ = (id) => document.getElementById(id);
  const SVG = 'http://www.w3.org/2000/svg';

  // --- the loss a person picks ------------------------------------------------------------
  const DISTS = {
    uniform: { params: [] },
    cosine: { params: [['μ', 0.5], ['s', 0.3]] },
    beta: { params: [['a', 2], ['b', 5]] },
    point: { params: [['τ0', 0.5]] },
  };
  const num = (id) => Number($(id).value);
  function distText() {
    const d = $('dist').value;
    const ps = DISTS[d].params.map((_, i) => num(`d${i}`));
    return ps.length ? `${d}(${ps.join(',')})` : d;
  }
  function specText() {
    const f = $('family').value;
    return f === 'sigmoid' ? `sigmoid(${num('k')}):${distText()}` : `${f}:${distText()}`;
  }
  function syncInputs() {
    const d = DISTS[$('dist').value];
    for (let i = 0; i < 2; i++) {
      const box = $(`d${i}box`);
      box.hidden = i >= d.params.length;
      if (i < d.params.length) {
        $(`d${i}label`).textContent = d.params[i][0];
        if ($(`d${i}`).dataset.dist !== $('dist').value) {
          $(`d${i}`).value = d.params[i][1];
          $(`d${i}`).dataset.dist = $('dist').value;
        }
      }
    }
    $('kbox').hidden = $('family').value !== 'sigmoid';
    $('deltabox').hidden = $('family').value !== 'solh';
  }

  // --- drawing ------------------------------------------------------------------------------
  function el(name, attrs, parent) {
    const e = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (parent) parent.appendChild(e);
    return e;
  }
  /** A line chart: series [{ cls, points: [[x, y]], axis: 'left' | 'right' }], fixed x range. */
  function chart(svg, { x: [x0, x1], left, right, xLabel, leftLabel, rightLabel, series }) {
    svg.replaceChildren();
    const W = 460, H = 250, m = { l: 46, r: right ? 46 : 12, t: 12, b: 34 };
    svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
    const sx = (x) => m.l + ((x - x0) / (x1 - x0)) * (W - m.l - m.r);
    const sy = ([y0, y1]) => (y) => H - m.b - ((y - y0) / (y1 - y0 || 1)) * (H - m.t - m.b);
    const yl = sy(left), yr = right ? sy(right) : null;
    el('rect', { x: m.l, y: m.t, width: W - m.l - m.r, height: H - m.t - m.b, class: 'frame' }, svg);
    for (let i = 0; i <= 4; i++) {
      const fx = x0 + (i / 4) * (x1 - x0);
      el('text', { x: sx(fx), y: H - m.b + 14, class: 'tick', 'text-anchor': 'middle' }, svg).textContent = x1 - x0 >= 4 ? Math.round(fx) : +fx.toFixed(2);
      const fl = left[0] + (i / 4) * (left[1] - left[0]);
      el('text', { x: m.l - 4, y: yl(fl) + 4, class: 'tick', 'text-anchor': 'end' }, svg).textContent = +fl.toFixed(2);
      if (yr) {
        const fr = right[0] + (i / 4) * (right[1] - right[0]);
        el('text', { x: W - m.r + 4, y: yr(fr) + 4, class: 'tick right' }, svg).textContent = +fr.toFixed(2);
      }
    }
    el('text', { x: (m.l + W - m.r) / 2, y: H - 4, class: 'label', 'text-anchor': 'middle' }, svg).textContent = xLabel;
    el('text', { x: 12, y: H / 2, class: 'label', transform: `rotate(-90 12 ${H / 2})`, 'text-anchor': 'middle' }, svg).textContent = leftLabel;
    if (rightLabel) el('text', { x: W - 8, y: H / 2, class: 'label right', transform: `rotate(90 ${W - 8} ${H / 2})`, 'text-anchor': 'middle' }, svg).textContent = rightLabel;
    for (const s of series) {
      const y = s.axis === 'right' ? yr : yl;
      const d = s.points.map(([px, py], i) => `${i ? 'L' : 'M'}${sx(px).toFixed(1)},${y(py).toFixed(1)}`).join('');
      if (d) el('path', { d, class: `line ${s.cls}` }, svg);
    }
  }

  function drawCurve() {
    syncInputs();
    const msg = $('curvemsg');
    try {
      const spec = L.parseLoss(specText(), num('delta'));
      const ps = Array.from({ length: 201 }, (_, i) => i / 200);
      const pts = L.softStepCurve(spec, ps);
      const dmax = Math.max(1e-9, ...pts.map((q) => q.dh));
      chart($('curve'), {
        x: [0, 1], left: [0, 1], right: [0, Math.ceil(dmax * 10) / 10],
        xLabel: 'p', leftLabel: 'E(p)', rightLabel: 'dE/dp',
        series: [
          { cls: 'e', points: pts.map((q) => [q.p, q.h]) },
          { cls: 'de', axis: 'right', points: pts.map((q) => [q.p, q.dh]) },
        ],
      });
      msg.textContent = `${spec.spec}: E(0.5) = ${pts[100].h.toFixed(4)}, max dE/dp = ${dmax.toFixed(3)}`;
      msg.className = '';
      return true;
    } catch (e) {
      msg.textContent = e.message;
      msg.className = 'error';
      return false;
    }
  }

  // --- Pima, split 70/30 with a seeded shuffle, standardized with the training rows ------------
  function pima() {
    const [, ...lines] = PIMA_CSV.trim().split('\n');
    const rows = lines.map((l) => l.split(',').map(Number));
    let s = 20261201;
    const rand = () => (s = (s * 16807) % 2147483647) / 2147483647;
    const order = rows.map((_, i) => [rand(), i]).sort((a, b) => a[0] - b[0]).map((o) => o[1]);
    const cut = Math.round(0.7 * rows.length);
    const k = rows[0].length - 1;
    const train = order.slice(0, cut).map((i) => rows[i]);
    const test = order.slice(cut).map((i) => rows[i]);
    const mean = Array.from({ length: k }, (_, j) => train.reduce((a, r) => a + r[j], 0) / train.length);
    const sd = mean.map((mu, j) => Math.sqrt(train.reduce((a, r) => a + (r[j] - mu) ** 2, 0) / train.length) || 1);
    const x = (set) => tf.tensor2d(set.map((r) => r.slice(0, k).map((v, j) => (v - mean[j]) / sd[j])));
    const y = (set) => tf.tensor2d(set.map((r) => [r[k]]));
    return { xTrain: x(train), yTrain: y(train), xTest: x(test), yTest: y(test), n: [train.length, test.length] };
  }

  function mlp(inputs) {
    return tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [inputs], units: 16, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
        tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
      ],
    });
  }

  let running = false;
  async function train() {
    if (running || !drawCurve()) return;
    running = true;
    $('train').disabled = true;
    const status = $('status');
    status.dataset.state = 'running';
    const score = $('score').value;
    const epochs = Math.max(1, Math.min(200, Math.round(num('epochs'))));
    const d = pima();
    const runs = [
      { name: specText(), cls: 'loss', loss: L.scoreLoss(specText(), score, { stepSlope: num('delta') }) },
      { name: 'bce', cls: 'bce', loss: L.scoreLoss('bce', score) },
    ].map((r) => ({ ...r, model: mlp(d.xTrain.shape[1]), scores: [], f1: [] }));
    for (const r of runs) r.model.compile({ optimizer: tf.train.adam(0.01), loss: r.loss });
    const key = `dataset_${L.parseScore(score).spec}`;
    const t0 = performance.now();
    try {
      for (let e = 0; e < epochs; e++) {
        for (const r of runs) {
          const cb = L.scoreCallback({ validationData: [d.xTest, d.yTest], scores: [score, 'f1'] });
          const h = await r.model.fit(d.xTrain, d.yTrain, { epochs: e + 1, initialEpoch: e, batchSize: 64, shuffle: false, verbose: 0, callbacks: [cb] });
          r.scores.push(h.history[key][0]);
          r.f1.push(h.history.dataset_f1[0]);
        }
        const all = runs.flatMap((r) => r.scores);
        chart($('scores'), {
          x: [1, Math.max(2, epochs)], left: [Math.min(0, ...all), 1],
          xLabel: 'epoch', leftLabel: `test ${score} (exact)`,
          series: runs.map((r) => ({ cls: r.cls, points: r.scores.map((v, i) => [i + 1, v]) })),
        });
        $('last').replaceChildren(...runs.map((r) => {
          const tr = document.createElement('tr');
          const best = Math.max(...r.scores);
          for (const t of [r.name, r.scores[e].toFixed(4), `${best.toFixed(4)} (epoch ${r.scores.indexOf(best) + 1})`, r.f1[e].toFixed(4)]) {
            const td = document.createElement('td');
            td.textContent = t;
            tr.appendChild(td);
          }
          tr.className = r.cls;
          return tr;
        }));
        status.textContent = `epoch ${e + 1}/${epochs} on ${d.n[0]} training rows, scored on ${d.n[1]} test rows (${tf.getBackend()}, ${((performance.now() - t0) / 1000).toFixed(1)} s)`;
      }
      status.dataset.state = 'done';
    } catch (err) {
      status.textContent = err.message;
      status.dataset.state = 'error';
    } finally {
      for (const r of runs) r.model.dispose();
      tf.dispose([d.xTrain, d.yTrain, d.xTest, d.yTest]);
      running = false;
      $('train').disabled = false;
    }
  }

  // --- wiring -------------------------------------------------------------------------------
  for (const name of L.SCORES.keys()) {
    const o = document.createElement('option');
    o.value = o.textContent = name === 'fbeta' ? 'fbeta(2)' : name;
    if (name === 'f1') o.selected = true;
    $('score').appendChild(o);
  }
  for (const id of ['family', 'dist', 'd0', 'd1', 'k', 'delta']) $(id).addEventListener('input', drawCurve);
  $('train').addEventListener('click', train);
  tf.setBackend('cpu').then(() => {
    drawCurve();
    $('status').textContent = `ready (TF.js ${tf.version_core}, ${tf.getBackend()} backend)`;
    $('status').dataset.state = 'ready';
  });
})();
