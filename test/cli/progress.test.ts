import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/cli/progress';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (t: string) => writes.push(t) } };
}

describe('import progress', () => {
  it('draws a bar with percentage and rows per second on a terminal, redrawing in place', () => {
    let now = 0;
    const { writes, stream } = fakeStream(true);
    const progress = createProgress(stream, { now: () => now });
    now = 500;
    progress.update({ rows: 60_000, subscribed: 59_000, unchanged: 0, rejected: 1000 }, 0.5);
    now = 1000;
    progress.finish({ rows: 120_000, subscribed: 118_000, unchanged: 0, rejected: 2000 });
    // Carriage return and erase-line first, so the bar redraws in place.
    expect(writes[0].startsWith('\r\u001b[K')).toBe(true);
    expect(writes[0].slice(4)).toMatch(
      /^\[#{12}-{12}\] +50% 60,000 rows · 120,000 rows\/s · 1,000 rejected$/,
    );
    expect(writes[1]).toContain('100% 120,000 rows · 120,000 rows/s');
    expect(writes.at(-1)).toBe('\n');
  });

  it('writes plain lines every 50,000 rows when the output is not a terminal, and no summary of its own', () => {
    let now = 0;
    const { writes, stream } = fakeStream(false);
    const progress = createProgress(stream, { now: () => now });
    for (let rows = 5000; rows <= 100_000; rows += 5000) {
      now += 10;
      progress.update({ rows, subscribed: rows, unchanged: 0, rejected: 0 });
    }
    progress.finish({ rows: 100_000, subscribed: 100_000, unchanged: 0, rejected: 0 });
    expect(writes).toEqual([
      'import: 50,000 rows (50,000 subscribed, 0 unchanged, 0 rejected), 500,000 rows/s\n',
      'import: 100,000 rows (100,000 subscribed, 0 unchanged, 0 rejected), 500,000 rows/s\n',
    ]);
  });
});
