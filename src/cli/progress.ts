// Import progress on stderr: a redrawn bar with rows per second on a terminal, plain lines
// (every 50,000 rows or 2 seconds) when the output goes to a file or a CI log. The summary is
// the command's own output (stdout), not the progress's.
import type { ImportProgress } from '../domain/import';
import { formatCount } from './io';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressReporter {
  update(progress: ImportProgress, fraction?: number): void;
  finish(progress: ImportProgress): void;
}

const LINE_EVERY_ROWS = 50_000;
const LINE_EVERY_MS = 2000;
const REDRAW_MS = 100;

export function createProgress(
  stream: ProgressStream,
  opts: { now?: () => number; label?: string } = {},
): ProgressReporter {
  const now = opts.now ?? (() => performance.now());
  const label = opts.label ?? 'import';
  const started = now();
  let lastAt = started;
  let lastRows = 0;
  const rate = (rows: number) => {
    const seconds = (now() - started) / 1000;
    return seconds > 0 ? rows / seconds : 0;
  };
  const counts = (p: ImportProgress) =>
    `${formatCount(p.rows)} rows (${formatCount(p.subscribed)} subscribed, ${formatCount(p.unchanged)} unchanged, ${formatCount(p.rejected)} rejected)`;

  if (stream.isTTY) {
    const width = 24;
    const draw = (p: ImportProgress, fraction: number | undefined) => {
      const bar =
        fraction === undefined
          ? ''
          : `[${'#'.repeat(Math.round(fraction * width)).padEnd(width, '-')}] ${String(Math.floor(fraction * 100)).padStart(3)}% `;
      stream.write(
        `\r\x1b[K${bar}${formatCount(p.rows)} rows · ${formatCount(rate(p.rows))} rows/s · ${formatCount(p.rejected)} rejected`,
      );
    };
    return {
      update(p, fraction) {
        if (now() - lastAt < REDRAW_MS) return;
        lastAt = now();
        draw(p, fraction);
      },
      finish(p) {
        draw(p, 1);
        stream.write('\n');
      },
    };
  }

  return {
    update(p) {
      if (p.rows - lastRows < LINE_EVERY_ROWS && now() - lastAt < LINE_EVERY_MS) return;
      lastRows = p.rows;
      lastAt = now();
      stream.write(`${label}: ${counts(p)}, ${formatCount(rate(p.rows))} rows/s\n`);
    },
    // The command prints its summary once, on stdout; a "done" line here would repeat it.
    finish() {},
  };
}
