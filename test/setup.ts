/**
 * Loaded before every test file (npm test passes --require): property tests draw from a fixed seed so
 * that a run is repeatable; set FC_SEED to explore other seeds.
 */
import fc from 'fast-check';

const seed = Number(process.env.FC_SEED ?? 20261126);
fc.configureGlobal({ seed });
