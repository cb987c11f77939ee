/**
 * Settings that only some losses read. A universe of a sweep that varies only such settings cannot
 * change the other losses' runs: they would be the default universe's runs again (checked on the
 * committed multiverse: the loss.delta universes' BCE and SOL records equal the default's, seed for
 * seed). So `solh sweep` does not train them there, and `solh verdicts` takes the default universe's
 * records for them where a comparison needs them (as its baseline) and leaves their own verdict out
 * of that universe (it is the default's verdict, not a second one). Pure.
 */
import { familyOf, LossFamilyEntry as LossFamily } from 'solh-losses/core';

/** Per setting (dotted path) that not every loss reads: whether a loss family reads it. */
const LOSS_SPECIFIC_SETTINGS: Record<string, (family: LossFamily) => boolean> = {
  'loss.delta': (family) => family.readsDelta,
};

/** Whether any of the settings can change a loss's runs (unknown settings and unknown losses: yes). */
export function settingsChangeLoss(settings: Record<string, unknown>, loss: string): boolean {
  const family = familyOf(loss)?.family;
  return Object.keys(settings).some((path) => !family || !Object.hasOwn(LOSS_SPECIFIC_SETTINGS, path) || LOSS_SPECIFIC_SETTINGS[path](family));
}
