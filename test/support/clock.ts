import type { Clock } from '../../src/domain/clock';

export interface TestClock extends Clock {
  set(date: Date | string): void;
  advance(ms: number): void;
}

/** A clock that only moves when a test moves it. */
export function createTestClock(start: Date | string = '2026-01-15T10:00:00.000Z'): TestClock {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    set: (date) => {
      now = new Date(date).getTime();
    },
    advance: (ms) => {
      now += ms;
    },
  };
}
