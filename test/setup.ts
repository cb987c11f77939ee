/**
 * Loaded before every test file (npm test passes --require): property tests draw from a fixed seed so
 * that a run is repeatable; set FC_SEED to explore other seeds. The E(p) table files of the runs
 * tests start go to a folder of the temporary directory, not the user's cache.
 */
import fc from 'fast-check';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.SOLH_CACHE_DIR ??= join(tmpdir(), 'solh-test-tables');

const seed = Number(process.env.FC_SEED ?? 20261126);
fc.configureGlobal({ seed });
