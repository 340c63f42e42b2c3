import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config';
import { dueDate } from '../../src/domain/working-days';

const rule = (holidays: string[] = [], workingDays = 5) => ({ workingDays, holidays });

describe('a data request is due after working days', () => {
  it('received on Friday 2026-12-04, it is due on Friday 2026-12-11', () => {
    expect(dueDate(new Date('2026-12-04T15:00:00Z'), rule())).toBe('2026-12-11');
  });

  it('skips the weekend when received on a Saturday or Sunday', () => {
    expect(dueDate(new Date('2026-12-05T09:00:00Z'), rule())).toBe('2026-12-11');
    expect(dueDate(new Date('2026-12-06T23:59:00Z'), rule())).toBe('2026-12-11');
    expect(dueDate(new Date('2026-12-07T00:00:00Z'), rule())).toBe('2026-12-14');
  });

  it('skips configured public holidays', () => {
    // Wed 23 Dec: Thu 24 (1), Fri 25 and Sat 26 off, Mon 28 (2) … Thu 31 (5).
    const holidays = parseConfig({ REQUEST_HOLIDAYS: '2026-12-25, 2026-12-26' }).requests.holidays;
    expect(holidays).toEqual(['2026-12-25', '2026-12-26']);
    expect(dueDate(new Date('2026-12-23T12:00:00Z'), rule(holidays))).toBe('2026-12-31');
    expect(dueDate(new Date('2026-12-23T12:00:00Z'), rule())).toBe('2026-12-30');
  });

  it('takes REQUEST_DUE_WORKING_DAYS', () => {
    const config = parseConfig({ REQUEST_DUE_WORKING_DAYS: '10' });
    expect(config.requests.dueWorkingDays).toBe(10);
    expect(dueDate(new Date('2026-12-04T15:00:00Z'), rule([], 10))).toBe('2026-12-18');
    expect(parseConfig({}).requests).toEqual({ dueWorkingDays: 5, holidays: [] });
  });

  it('refuses a holiday that is not a date, naming the variable', () => {
    expect(() => parseConfig({ REQUEST_HOLIDAYS: '2026-12-25,25 dec' })).toThrow(
      /REQUEST_HOLIDAYS: '25 dec' is not a date like 2026-12-25/,
    );
    expect(() => parseConfig({ REQUEST_HOLIDAYS: '2026-02-30' })).toThrow(/REQUEST_HOLIDAYS/);
    expect(() => parseConfig({ REQUEST_DUE_WORKING_DAYS: '0' })).toThrow(/REQUEST_DUE_WORKING_DAYS/);
  });
});
