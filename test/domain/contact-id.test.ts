import { afterEach, describe, expect, it, vi } from 'vitest';
import { newContactId } from '../../src/domain/contacts';

describe('contact ids', () => {
  afterEach(() => vi.restoreAllMocks());

  it('are c_ and 12 URL-safe characters, as the link-size budget assumes', () => {
    expect(newContactId()).toMatch(/^c_[A-Za-z0-9_-]{12}$/);
  });

  it('sort (as the database compares text) in the order they were made, and never repeat', () => {
    const ids = Array.from({ length: 50_000 }, () => newContactId());
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 1; i < ids.length; i++) expect(ids[i - 1] < ids[i]).toBe(true);
  });

  it('keep growing when the clock stands still or steps back', () => {
    const before = newContactId();
    const now = vi.spyOn(Date, 'now').mockReturnValue(Date.now() - 60_000);
    const ids = Array.from({ length: 100_000 }, () => newContactId());
    now.mockRestore();
    expect(before < ids[0]).toBe(true);
    for (let i = 1; i < ids.length; i++) expect(ids[i - 1] < ids[i]).toBe(true);
    expect(ids[ids.length - 1] < newContactId()).toBe(true);
  });

  it('start at an unpredictable point in each millisecond', () => {
    const now = vi.spyOn(Date, 'now');
    const suffixes = new Set<string>();
    for (let t = 0; t < 20; t++) {
      now.mockReturnValue(4_000_000_000_000 + t);
      suffixes.add(newContactId().slice(-5));
    }
    expect(suffixes.size).toBe(20);
  });
});
