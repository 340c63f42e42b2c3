// The two small rules behind the page, tested directly: which ticks are changes, and which
// form posts count as coming from our own page.
import { describe, expect, it } from 'vitest';
import type { PreferenceView } from '../../src/domain/preference-center';
import { changesFromForm } from '../../src/domain/preference-center';
import { isSameOriginPost } from '../../src/http/same-origin';

const topic = (key: string) =>
  ({
    key,
    name: { en: key },
    description: null,
    basis: 'consent',
    archivedAt: null,
  }) as unknown as PreferenceView['topics'][number]['topic'];

const view = {
  contact: {} as PreferenceView['contact'],
  topics: [
    { topic: topic('on'), status: 'subscribed' },
    { topic: topic('off'), status: 'unsubscribed' },
    { topic: topic('never'), status: null },
    { topic: topic('pending'), status: 'pending' },
  ],
} satisfies PreferenceView;
const all = ['on', 'off', 'never', 'pending'];

describe('turning ticked boxes into changes', () => {
  it('leaves boxes as they were shown alone', () => {
    expect(changesFromForm(view, { shown: all, ticked: ['on', 'pending'] })).toEqual({});
  });

  it('subscribes newly ticked topics and unsubscribes unticked ones, pending included', () => {
    expect(changesFromForm(view, { shown: all, ticked: ['off', 'never'] })).toEqual({
      on: 'unsubscribed',
      off: 'subscribed',
      never: 'subscribed',
      pending: 'unsubscribed',
    });
  });

  it('ignores topics that were not shown and keys that are not active topics', () => {
    expect(changesFromForm(view, { shown: ['off', 'ghost'], ticked: ['off', 'ghost', 'never'] })).toEqual({
      off: 'subscribed',
    });
  });
});

describe('same-origin form posts', () => {
  const ours = ['https://prefs.example.nl', 'http://127.0.0.1:8787'];
  it.each([
    [{ secFetchSite: 'same-origin', origin: 'null' }, true],
    [{ secFetchSite: 'same-origin', origin: 'https://prefs.example.nl' }, true],
    [{ secFetchSite: 'none' }, true],
    [{ origin: 'http://127.0.0.1:8787' }, true],
    [{ origin: 'null' }, true],
    [{}, true],
    [{ secFetchSite: 'cross-site', origin: 'null' }, false],
    [{ secFetchSite: 'same-site', origin: 'https://www.example.nl' }, false],
    [{ origin: 'https://prefs.example.nl.evil.example' }, false],
    [{ origin: 'http://prefs.example.nl' }, false],
    [{ origin: 'not a url' }, false],
  ])('%o → %s', (headers, allowed) => {
    expect(isSameOriginPost(headers, ours)).toBe(allowed);
  });
});
