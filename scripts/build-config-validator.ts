/**
 * Writes the default config schema's validator as code (Ajv standalone) beside
 * src/experiment/config-validator.ts in dist, so that the command line does not compile it at every
 * start; `npm run build` runs this after tsc.
 *
 *   node dist/scripts/build-config-validator.js
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_SETTINGS } from '../src/experiment/config';
import { GENERATED, validatorSource } from '../src/experiment/config-validator';

const out = join(__dirname, '..', 'src', 'experiment', GENERATED);
writeFileSync(out, validatorSource(CONFIG_SETTINGS.json));
