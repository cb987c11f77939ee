/**
 * The config schema's validator. Ajv compiles a schema into a function, which for the config
 * schema takes ~0.1 s at every start of the command line (and loads Ajv); so the build writes the
 * default schema's validator once as code (Ajv's standalone output, scripts/build-config-validator.ts)
 * beside this module, with a digest of the schema it was made from. It is used when the digest is
 * that of the schema asked for; any other schema (a test's composed one, a build whose generated
 * file is missing or stale) is compiled here, with the same options.
 */
import { createHash } from 'node:crypto';
import type { default as AjvClass, Options, ValidateFunction } from 'ajv';
import { SETTING_ANNOTATIONS } from '../settings-schema';

/** useDefaults: a config written before a setting existed still loads, with the default filled in. */
const OPTIONS: Options = { allErrors: false, useDefaults: true, keywords: [...SETTING_ANNOTATIONS] };

/** The generated module's name, in this folder. */
export const GENERATED = 'config-validate.generated.js';

function schemaDigest(json: unknown): string {
  return createHash('sha256').update(JSON.stringify(json)).digest('hex').slice(0, 32);
}

function ajv(options: Options): AjvClass {
  const Ajv = (require('ajv') as typeof import('ajv')).default;
  return new Ajv(options);
}

/** The validator the build wrote, if it was made from this schema. */
export function precompiledValidator(json: unknown): ValidateFunction | undefined {
  let generated: (ValidateFunction & { digest?: string }) | undefined;
  try {
    generated = require(`./${GENERATED}`);
  } catch {
    return undefined;
  }
  return generated?.digest === schemaDigest(json) ? generated : undefined;
}

/** The validator of a schema: the precompiled one when it fits, else compiled now. */
export function schemaValidator(json: unknown): ValidateFunction {
  return precompiledValidator(json) ?? ajv(OPTIONS).compile(json as object);
}

/** The source of a CommonJS module exporting the schema's validator and the schema's digest. */
export function validatorSource(json: unknown): string {
  const { default: standaloneCode } = require('ajv/dist/standalone') as typeof import('ajv/dist/standalone');
  const instance = ajv({ ...OPTIONS, code: { source: true } });
  const validate = instance.compile(json as object);
  return `${standaloneCode(instance, validate)}\nmodule.exports.digest = ${JSON.stringify(schemaDigest(json))};\n`;
}
