/**
 * The config's `loss` section, read where a run's loss is made (run-one.ts, shared-tables.ts,
 * grid.ts): its choices and defaults are the library's (solh-losses). One line per setting;
 * config.ts composes the sections.
 */
import { DEFAULT_TABLE_BITS } from 'solh-losses/core';
import type { LossFamily, LossOpForm } from 'solh-losses/core';
import { section, SettingsOf } from '../settings-schema';

/** The library's loss-op forms (its type LossOpForm), as the choices of config key loss.kernel: one fused op, or composed ops. */
const LOSS_OP_FORMS = ['fused', 'ops'] as const satisfies readonly LossOpForm[];

export const LOSS_SECTION = section({
  required: ['delta'],
  properties: {
    // δ of H^l (checked by the library's checkDelta in config.ts); BCE and SOL do not read it.
    delta: { type: 'number', onlyLossesWith: 'readsDelta' satisfies keyof LossFamily },
    // The TF.js loss of the tfjs training step (config.ts refuses another value under the fused steps).
    kernel: { enum: LOSS_OP_FORMS, default: 'fused' },
    // The E(p) table has 2^tableBits entries.
    tableBits: { type: 'integer', minimum: 8, maximum: 22, default: DEFAULT_TABLE_BITS },
  },
});
export type LossSettings = SettingsOf<typeof LOSS_SECTION>;
