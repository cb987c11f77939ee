/**
 * Settings declared as data. Each module that reads a section of the config (data, split, model,
 * training, loss, evaluation, grid) declares that section with `section()`, one JSON-schema line per
 * setting beside the code that reads it; src/experiment/config.ts composes the sections into the
 * config's schema. A section's TypeScript type is derived from its declaration (SettingsOf), so a
 * new setting is its line and the code that reads it: the schema validates it, fills its default,
 * puts it in the protocol and its hash, and `solh sweep` can vary it.
 *
 * Annotations besides JSON Schema (Ajv is told of them; config.ts reads them):
 *   unhashedAt   the setting came after results were committed: at this value it is left out of
 *                the protocol and its hash, so configs written before it keep their hash. A new
 *                setting with a default needs it (`default: x, unhashedAt: x`); without it every
 *                committed config would change its hash.
 *   boundReason  why a bound is where it is; said with the bound when a config passes it.
 *   notProtocol  (top level only) why the setting cannot change a run's numbers: not hashed.
 *   onlyLossesWith  the setting is read only by the losses whose family (solh-losses
 *                LOSS_FAMILIES) has this flag: a sweep universe varying only such settings does not
 *                retrain the other losses (src/experiment/invariance.ts).
 */

export const SETTING_ANNOTATIONS = ['unhashedAt', 'boundReason', 'notProtocol', 'onlyLossesWith'] as const;

/** One setting: a JSON schema with the annotations above. */
export interface Setting {
  readonly [keyword: string]: unknown;
  readonly unhashedAt?: unknown;
  readonly boundReason?: string;
  readonly notProtocol?: string;
  readonly onlyLossesWith?: string;
}

/** A section of the config: its settings, and those a config must give (the rest have defaults or are optional). */
export interface Section {
  /** A top-level section that cannot change a run's numbers: why (it is left out of the protocol). */
  readonly notProtocol?: string;
  readonly required?: readonly string[];
  readonly properties: { readonly [name: string]: Setting };
}

/** Declares a section, keeping the literal types its settings' TypeScript type is derived from. */
export function section<const S extends Section>(s: S): S {
  return s;
}

/** The section as a JSON schema (unknown keys refused). */
export function sectionSchema(s: Section & { allOf?: unknown[] }): { type: 'object'; additionalProperties: false; required: string[]; properties: Section['properties']; allOf?: unknown[] } {
  return { type: 'object', additionalProperties: false, required: [...(s.required ?? [])], properties: s.properties, ...(s.allOf ? { allOf: s.allOf } : {}) };
}

/** The TypeScript type of a value one setting's schema admits (enum, const, anyOf, arrays, scalars). */
export type SettingValue<S> = S extends { readonly enum: readonly (infer E)[] }
  ? E
  : S extends { readonly const: infer C }
    ? C
    : S extends { readonly anyOf: readonly (infer A)[] }
      ? SettingValue<A>
      : S extends { readonly type: 'array'; readonly items: infer I }
        ? SettingValue<I>[]
        : S extends { readonly type: 'boolean' }
          ? boolean
          : S extends { readonly type: 'number' | 'integer' }
            ? number
            : S extends { readonly type: 'string' }
              ? string
              : unknown;

type Props<S extends Section> = S['properties'];
type RequiredName<S extends Section> = S extends { readonly required: readonly (infer R)[] } ? R : never;
/** Settings always present after validation: required, or filled in from their default. */
type Present<S extends Section> = { [K in keyof Props<S>]: Props<S>[K] extends { readonly default: unknown } ? K : K extends RequiredName<S> ? K : never }[keyof Props<S>];

/** The settings of a section once validated: present ones required, the others optional. */
export type SettingsOf<S extends Section> = {
  -readonly [K in Present<S>]: SettingValue<Props<S>[K]>;
} & {
  -readonly [K in Exclude<keyof Props<S>, Present<S>>]?: SettingValue<Props<S>[K]>;
};

type Defaulted<S extends Section> = { [K in keyof Props<S>]: Props<S>[K] extends { readonly default: unknown } ? K : never }[keyof Props<S>];

/** The defaults a section declares, for code and tests that build settings without a config. */
export function defaultsOf<S extends Section>(s: S): { -readonly [K in Defaulted<S>]: SettingValue<Props<S>[K]> } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s.properties)) if (v.default !== undefined) out[k] = structuredClone(v.default);
  return out as { -readonly [K in Defaulted<S>]: SettingValue<Props<S>[K]> };
}
