const { join } = require('path');
const { selectBackend } = require('./dist/src/engine/backend');
const { loadConfig, configHash } = require('./dist/src/experiment/config');
const { prepareData } = require('./dist/src/experiment/prepare');
const { runOne } = require('./dist/src/experiment/run-one');
(async () => {
  const backend = await selectBackend('wasm');
  const c = loadConfig('configs/paper.json');
  const data = prepareData(c, 0);
  const t0 = performance.now(); let epochs = 0;
  for (const loss of c.grid.losses) {
    const r = runOne({ config: c, configHash: 'x', dataSha256: 'x', backend }, { loss, target: 'f1', seed: 0 }, data);
    epochs += r.epochsRun;
  }
  const ms = performance.now() - t0;
  console.log(`${epochs} epochs in ${ms.toFixed(0)} ms: ${(ms / epochs).toFixed(2)} ms per epoch incl. evaluation`);
})();
