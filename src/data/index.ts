/** Data loading, the feature plan, splitting and scaling: pure functions, no printing. */
export type { TableOptions, CellTable, CellTableOptions } from './csv';
export type { FeaturePlan, ColumnPlan, CategoricalSetting, MissingSetting } from './features';
export { stratifiedSplit } from './split';
export type { Split, SplitFractions } from './split';
export { fitScaler, applyScaler } from './scaler';
export type { Scaler } from './scaler';
