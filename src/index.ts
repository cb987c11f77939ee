/**
 * The runner's programmatic surface: the library (solh-losses) re-exported whole, and the pieces
 * of the experiment runner (backend choice, configs, the grid, the results store).
 */
export * from 'solh-losses';
export { selectBackend } from './engine/backend';
export { loadConfig, checkConfig, configHash } from './experiment/config';
export type { Config } from './experiment/config';
export { runGrid } from './experiment/runner';
export { readStore } from './store/store';
