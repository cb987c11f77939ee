/**
 * The config's `data` and `split` sections: which table and label, how its cells become features
 * (features.ts), how they are scaled (scaler.ts), and the fractions of the stratified split
 * (split.ts). One line per setting; src/experiment/config.ts composes the sections.
 */
import { section, SettingsOf } from '../settings-schema';
import { MISSING_SETTINGS } from './features';
import { SCALINGS } from './scaler';

export const DATA_SECTION = section({
  required: ['path', 'label'],
  properties: {
    path: { type: 'string', minLength: 1 },
    label: { type: 'string', minLength: 1 },
    drop: { type: 'array', items: { type: 'string' }, default: [] },
    positive: { type: 'string' },
    // 'auto' changes nothing for an all-numeric table (ACTG 175, Pima) and reads a text column as categories.
    categorical: { anyOf: [{ enum: ['auto', 'none'] }, { type: 'array', items: { type: 'string', minLength: 1 } }], default: 'auto' },
    missing: { enum: MISSING_SETTINGS, default: 'error' },
    // Absent: guessed from the header.
    delimiter: { type: 'string', minLength: 1, maxLength: 1 },
    scaling: { enum: SCALINGS, default: 'z-score' },
  },
});
export type DataSettings = SettingsOf<typeof DATA_SECTION>;

const fraction = { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 } as const;

/** Train, validation and test fractions (config.ts checks that they sum to 1). */
export const SPLIT_SECTION = section({
  required: ['train', 'validation', 'test'],
  properties: { train: fraction, validation: fraction, test: fraction },
});
