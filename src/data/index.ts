/** Data loading, splitting and scaling: pure functions, no printing. */
export { loadTable, parseTable } from './csv';
export type { Table, TableOptions } from './csv';
export { stratifiedSplit } from './split';
export type { Split, SplitFractions } from './split';
export { fitScaler, applyScaler } from './scaler';
export type { Scaler } from './scaler';
