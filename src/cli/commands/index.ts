/**
 * Every command of `solh`, in the order `solh --help` lists them. A new command is one module in
 * this folder and one entry here. Nothing here loads TensorFlow.js: actions import what they need.
 */
import type { CommandSpec } from '../command';
import { run } from './run';
import { table } from './table';
import { check } from './check';
import { merge } from './merge';
import { sweep } from './sweep';
import { bench } from './bench';
import { benchReport } from './bench-report';
import { compare } from './compare';
import { verdicts } from './verdicts';
import { curve } from './curve';
import { plot } from './plot';
import { report } from './report';
import { unlock } from './unlock';
import { repair } from './repair';

export const COMMANDS: CommandSpec[] = [run, table, check, merge, sweep, bench, benchReport, compare, verdicts, curve, plot, report, unlock, repair];
