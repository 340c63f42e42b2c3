// The presend rules and the fast keyed hash, tested directly, without HTTP.
import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createEmailHasher } from '../../src/domain/email-hasher';
import { emailHash } from '../../src/domain/hashing';
import {
  BOUNCED,
  COMPLAINED,
  contactFacts,
  ERASED,
  KNOWN,
  PENDING,
  reasonFor,
  receives,
  SUBSCRIBED,
  UNSUBSCRIBED,
  UNSUBSCRIBED_ALL,
} from '../../src/domain/presend';

describe('reasonFor', () => {
  const cases: Array<[string, number, string | null, string | null]> = [
    // what is known,                               consent topic,          legitimate interest
    ['opted in', KNOWN | SUBSCRIBED, null, null],
    ['opted out of the topic', KNOWN | UNSUBSCRIBED, 'unsubscribed', 'unsubscribed'],
    ['waiting for confirmation', KNOWN | PENDING, 'pending_confirmation', null],
    ['a contact with no choice for the topic', KNOWN, 'no_consent', null],
    ['nobody we know', 0, 'no_consent', null],
    ['opted out of everything', KNOWN | UNSUBSCRIBED_ALL, 'unsubscribed_all', 'unsubscribed_all'],
    ['opted in but bounced', KNOWN | SUBSCRIBED | BOUNCED, 'bounced', 'bounced'],
    ['opted in but complained', KNOWN | SUBSCRIBED | COMPLAINED, 'complained', 'complained'],
    ['erased', ERASED, 'erased', 'erased'],
    ['erased, complained and bounced', ERASED | COMPLAINED | BOUNCED, 'erased', 'erased'],
    ['complained and bounced', COMPLAINED | BOUNCED, 'complained', 'complained'],
    ['bounced and opted out of everything', KNOWN | BOUNCED | UNSUBSCRIBED_ALL, 'bounced', 'bounced'],
    [
      'opted out of everything and of the topic',
      KNOWN | UNSUBSCRIBED_ALL | UNSUBSCRIBED,
      'unsubscribed_all',
      'unsubscribed_all',
    ],
    [
      'opted out of everything, topic still subscribed',
      KNOWN | UNSUBSCRIBED_ALL | SUBSCRIBED,
      'unsubscribed_all',
      'unsubscribed_all',
    ],
  ];
  it.each(cases)('%s', (_, facts, consent, legitimateInterest) => {
    expect(reasonFor(facts, 'consent')).toBe(consent);
    expect(reasonFor(facts, 'legitimate_interest')).toBe(legitimateInterest);
  });

  it('never clears anyone who is suppressed or opted out of everything, for any basis', () => {
    for (let facts = 0; facts < 256; facts++) {
      if (facts & (BOUNCED | COMPLAINED | ERASED | UNSUBSCRIBED_ALL | UNSUBSCRIBED)) {
        expect(reasonFor(facts, 'consent')).not.toBeNull();
        expect(reasonFor(facts, 'legitimate_interest')).not.toBeNull();
      }
    }
  });
});

describe('receives: the rule for one contact, as the preference page and the undo ask it', () => {
  it.each([
    ['subscribed', null, true, true],
    ['unsubscribed', null, false, false],
    ['pending', null, false, true],
    [null, null, false, true],
    ['subscribed', new Date(), false, false],
    [null, new Date(), false, false],
  ] as const)(
    'status %s, left everything at %s: consent %s, legitimate interest %s',
    (status, all, consent, li) => {
      const contact = { unsubscribedAllAt: all };
      expect(receives({ basis: 'consent' }, status, contact)).toBe(consent);
      expect(receives({ basis: 'legitimate_interest' }, status, contact)).toBe(li);
      const facts = contactFacts({ status, unsubscribedAll: all !== null });
      expect(reasonFor(facts, 'consent') === null).toBe(consent);
    },
  );

  it('reads suppressions and unknown values the way the reader does', () => {
    expect(contactFacts({ status: 'subscribed', unsubscribedAll: false, suppressions: ['bounced'] })).toBe(
      KNOWN | SUBSCRIBED | BOUNCED,
    );
    expect(contactFacts({ status: 'surprise', unsubscribedAll: false, suppressions: ['new-reason'] })).toBe(
      KNOWN | UNSUBSCRIBED | ERASED,
    );
  });
});

describe('the fast email hasher', () => {
  it('gives exactly the suppression-list hash that node:crypto gives', () => {
    const key = 'test-suppression-hash-key-0123456789abcdef';
    const hash = createEmailHasher(key);
    const samples = [
      '',
      'a@b.nl',
      'jan.jansen@example.nl',
      'élodie@exemple.be',
      '用户@例子.广告',
      '😀@emoji.example',
      'x'.repeat(55),
      'x'.repeat(56),
      'x'.repeat(64),
      'x'.repeat(119),
      'x'.repeat(254),
    ];
    for (let i = 0; i < 500; i++) samples.push(`${randomBytes(1 + (i % 90)).toString('base64')}@example.nl`);
    for (const email of samples) expect(hash(email)).toBe(emailHash(key, email));
  });

  it('handles keys of every length the way HMAC does', () => {
    for (const key of ['k', 'k'.repeat(32), 'k'.repeat(64), 'k'.repeat(65), 'k'.repeat(300), 'sleutel-ü']) {
      expect(createEmailHasher(key)('jan@example.nl')).toBe(
        createHmac('sha256', key).update('jan@example.nl').digest('base64url'),
      );
    }
  });
});
