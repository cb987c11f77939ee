/**
 * An Ajv validation error in the words a config's author reads: where it points (a dotted path)
 * and what is wrong. Shared by configs and benchmark suites; each adds its own wording for the
 * keywords it explains better than Ajv does.
 */
import type { ErrorObject } from 'ajv';

export function describeSchemaError(e: ErrorObject, explain: (e: ErrorObject, where: string) => string | undefined): { where: string; detail: string } {
  const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '(top level)';
  const detail =
    e.keyword === 'additionalProperties'
      ? `unknown key "${(e.params as { additionalProperty: string }).additionalProperty}"`
      : explain(e, where) ?? e.message ?? e.keyword;
  return { where, detail };
}
