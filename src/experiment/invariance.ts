/**
 * Settings that only some losses read. A universe of a sweep that varies only such settings cannot
 * change the other losses' runs: they would be the default universe's runs again (checked on the
 * committed multiverse: the loss.delta universes' BCE and SOL records equal the default's, seed for
 * seed). So `solh sweep` does not train them there, and `solh verdicts` takes the default universe's
 * records for them where a comparison needs them (as its baseline) and leaves their own verdict out
 * of that universe (it is the default's verdict, not a second one). Pure.
 */
import { familyOf, LossFamily } from 'solh-losses/core';
import { CONFIG_SETTINGS, ConfigSchema } from './config';

/**
 * Per setting (dotted path) that not every loss reads, the loss-family flag that says which do:
 * each declared beside the setting (annotation onlyLossesWith, src/settings-schema.ts).
 */
function lossSpecificSettings(schema: ConfigSchema): Record<string, keyof LossFamily> {
  const out: Record<string, keyof LossFamily> = {};
  for (const [name, sec] of Object.entries(schema.json.properties)) {
    for (const [key, setting] of Object.entries((sec.properties ?? {}) as Record<string, { onlyLossesWith?: keyof LossFamily }>)) {
      if (setting.onlyLossesWith) out[`${name}.${key}`] = setting.onlyLossesWith;
    }
  }
  return out;
}

const LOSS_SPECIFIC_SETTINGS = lossSpecificSettings(CONFIG_SETTINGS);

/** Whether any of the settings can change a loss's runs (unknown settings and unknown losses: yes). */
export function settingsChangeLoss(settings: Record<string, unknown>, loss: string): boolean {
  const family = familyOf(loss)?.family;
  return Object.keys(settings).some((path) => !family || !Object.hasOwn(LOSS_SPECIFIC_SETTINGS, path) || Boolean(family[LOSS_SPECIFIC_SETTINGS[path]]));
}
