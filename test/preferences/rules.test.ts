// The two small rules behind the page, tested directly: which ticks are changes, and which
// form posts count as coming from our own page.
import { describe, expect, it } from 'vitest';
import type { PreferenceView } from '../../src/domain/preference-center';
import { changesFromForm, isTicked } from '../../src/domain/preference-center';
import { isSameOriginPost } from '../../src/http/same-origin';

const topic = (key: string) =>
  ({
    key,
    name: { en: key },
    description: null,
    basis: 'consent',
    archivedAt: null,
  }) as unknown as PreferenceView['topics'][number]['topic'];

const softOptIn = { now: new Date('2026-06-01T12:00:00Z'), months: 24 };
const customer = { customerSince: '2024-01-01', customerUntil: null };

const view = {
  contact: {} as PreferenceView['contact'],
  brand: 'default',
  softOptIn,
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

describe('legitimate-interest topics on the page', () => {
  const li = (key: string) =>
    ({ ...topic(key), basis: 'legitimate_interest' }) as PreferenceView['topics'][number]['topic'];
  const liView = (unsubscribedAllAt: Date | null) =>
    ({
      contact: { unsubscribedAllAt, ...customer } as PreferenceView['contact'],
      brand: 'default',
      softOptIn,
      topics: [
        { topic: li('soft'), status: null },
        { topic: li('objected'), status: 'unsubscribed' },
        { topic: topic('never'), status: null },
      ],
    }) satisfies PreferenceView;

  it('ticks what presend sends: a legitimate-interest topic with no choice for a customer, unless the contact left everything', () => {
    const ticked = (view: PreferenceView) =>
      view.topics
        .filter((t) => isTicked(t.topic, t.status, view.contact, view.softOptIn))
        .map((t) => t.topic.key);
    expect(ticked(liView(null))).toEqual(['soft']);
    expect(ticked(liView(new Date()))).toEqual([]);
    const stranger = {
      ...liView(null),
      contact: { unsubscribedAllAt: null, customerSince: null, customerUntil: null },
    };
    expect(ticked(stranger as PreferenceView)).toEqual([]);
  });

  it('turns an unticked legitimate-interest box into an objection, and leaving it ticked into nothing', () => {
    const shown = ['soft', 'objected', 'never'];
    expect(changesFromForm(liView(null), { shown, ticked: ['soft'] })).toEqual({});
    expect(changesFromForm(liView(null), { shown, ticked: [] })).toEqual({ soft: 'unsubscribed' });
  });

  it('after "unsubscribe from everything", opting in to one topic keeps the unticked ones off', () => {
    const shown = ['soft', 'objected', 'never'];
    expect(changesFromForm(liView(new Date()), { shown, ticked: ['never'] })).toEqual({
      never: 'subscribed',
      soft: 'unsubscribed',
    });
    expect(changesFromForm(liView(new Date()), { shown, ticked: [] })).toEqual({});
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
