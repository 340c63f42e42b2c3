// The console writes times, days and counts the way each of its languages does, always in UTC.
import { describe, expect, it } from 'vitest';
import { formatDay, formatNumber, formatTime } from '../../src/console/format';

describe('console formats', () => {
  it('write a due date, a moment and a count in each language’s own way', () => {
    const at = new Date('2026-12-04T15:07:00Z');
    expect(['en', 'nl', 'fr', 'de'].map((l) => formatDay('2026-12-14', l as 'en'))).toEqual([
      '14 Dec 2026',
      '14 dec 2026',
      '14 déc. 2026',
      '14.12.2026',
    ]);
    expect(formatTime(at, 'de')).toBe('04.12.2026, 15:07 UTC');
    expect(formatTime(at, 'fr')).toBe('4 déc. 2026, 15:07 UTC');
    expect(formatNumber(12345, 'en')).toBe('12,345');
    expect(formatNumber(12345, 'de')).toBe('12.345');
    expect(formatNumber(12345, 'fr').replace(/\s/g, ' ')).toBe('12 345');
  });
});
