/** Progress of a grid on stderr: a line per finished run, and on a terminal a live line per job. */
import { ProgressEvent } from '../experiment/runner';
import { keyId } from '../experiment/record';
import { formatFeaturePlans } from './features';
import { scoreAt } from '../store/record-schema';

export function formatDuration(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${s.toFixed(1)}s`;
}

/** With --quiet: only the notes, which say something the user should act on. */
export function notesPrinter(stream: NodeJS.WriteStream = process.stderr): (e: ProgressEvent) => void {
  return (e) => {
    if (e.type === 'note') stream.write(`${e.message}\n`);
  };
}

export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): (e: ProgressEvent) => void {
  const live = stream.isTTY === true;
  const jobsLine = new Map<number, string>();
  let lastDraw = 0;
  let status = ''; // "[k/N done, about T left]" once a run has finished
  const clear = () => live && stream.write('\r\x1b[K');
  return (e) => {
    switch (e.type) {
      case 'plan':
        stream.write(formatFeaturePlans(e.plans));
        break;
      case 'note':
        clear();
        stream.write(`${e.message}\n`);
        break;
      case 'start':
        stream.write(
          e.pending === 0
            ? `all ${e.total} runs already recorded (use --force to rerun)\n`
            : `running ${e.pending} of ${e.total} runs (${e.skipped} already recorded) on ${e.jobs} job${e.jobs > 1 ? 's' : ''}, backend ${e.backend}\n`,
        );
        break;
      case 'epoch': {
        if (!live) return;
        jobsLine.set(e.worker, `${keyId(e.key)} epoch ${e.epoch}`);
        const now = Date.now();
        if (now - lastDraw < 100) return;
        lastDraw = now;
        clear();
        stream.write(`${status}${[...jobsLine.values()].join(' | ')}`.slice(0, (stream.columns || 120) - 1));
        break;
      }
      case 'done': {
        clear();
        jobsLine.delete(e.worker); // that worker's run is over
        const r = e.record;
        const t = r.key.target ?? 'f1';
        const outcome =
          r.status === 'ok'
            ? `${r.epochsRun} epochs (best ${r.bestEpoch}), test ${t} ${scoreAt(r.evaluation[t], 'test', 'threshold')?.toFixed(4)}`
            : `FAILED at epoch ${r.failure?.epoch}: ${r.failure?.reason}`;
        const width = String(e.pending).length;
        status = `[${e.index}/${e.pending} done, about ${formatDuration(e.etaSeconds)} left] `;
        stream.write(
          `[${String(e.index).padStart(width)}/${e.pending}] ${keyId(r.key)}: ${outcome}, ${formatDuration(r.run.wallSeconds)}` +
            (e.index < e.pending ? `; about ${formatDuration(e.etaSeconds)} left\n` : '\n'),
        );
        break;
      }
    }
  };
}
