// Takes docs/explorer.png: docs/explorer.html in Debian's headless Chromium, with a cosine
// threshold distribution drawn and the model trained for F1 for 30 epochs.
//
//   node scripts/build-explorer.mjs && node scripts/screenshot-explorer.mjs
import { chromium } from 'playwright-core';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1010, height: 600 }, deviceScaleFactor: 1 });
  page.on('pageerror', (e) => { throw e; });
  await page.goto(pathToFileURL(join(root, 'docs/explorer.html')).href);
  await page.waitForSelector('#status[data-state="ready"]');
  await page.selectOption('#dist', 'cosine');
  await page.fill('#epochs', '30');
  await page.click('#train');
  await page.waitForSelector('#status[data-state="done"], #status[data-state="error"]', { timeout: 300_000 });
  if ((await page.getAttribute('#status', 'data-state')) !== 'done') throw new Error(await page.textContent('#status'));
  await page.screenshot({ path: join(root, 'docs/explorer.png'), fullPage: true });
  console.log(await page.textContent('#status'));
} finally {
  await browser.close();
}
