// The presend rules, customer dates and the fast keyed hash, tested directly, without HTTP.
import { createHmac, randomBytes } from 'node:crypto';
import { createClient } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { createHmacSha256 } from '../../src/crypto/sha256';
import {
  answerOf,
  BOUNCED,
  bitOfStatus,
  bitOfSuppression,
  COMPLAINED,
  ERASED,
  KNOWN,
  SUBSCRIBED,
  UNSUBSCRIBED,
  UNSUBSCRIBED_ALL,
} from '../../src/db/presend/facts-columns';
import type { SubscriptionStatus, SuppressionReason } from '../../src/db/schema';
import {
  isIsoDate,
  isoDateOf,
  RELATIONSHIP_END_SQL,
  relationshipEnd,
  softOptInFrom,
} from '../../src/domain/customer-relationship';
import {
  type Facts,
  presendReason,
  type RecipientFacts,
  reasonFor,
  receives,
  strongerSuppression,
} from '../../src/domain/presend';
import { emailHash } from '../support/hashes';

/** Facts from what is known: a status, an opt-out of everything, suppression-list entries. */
const known = (
  o: { status?: SubscriptionStatus; all?: boolean; listed?: SuppressionReason[] } = {},
): Facts => ({
  suppressed: (o.listed ?? []).reduce<SuppressionReason | null>(strongerSuppression, null),
  unsubscribedAll: o.all ?? false,
  status: o.status ?? null,
});

/** Every combination of facts there is. */
const everyFacts: Facts[] = [null, 'bounced', 'complained', 'erased'].flatMap((suppressed) =>
  [false, true].flatMap((unsubscribedAll) =>
    [null, 'subscribed', 'unsubscribed', 'pending'].map(
      (status) => ({ suppressed, unsubscribedAll, status }) as Facts,
    ),
  ),
);

describe('reasonFor', () => {
  const cases: Array<[string, Facts, string | null, string | null, string | null]> = [
    // what is known,                      consent topic, legitimate interest: customer, anyone else
    ['opted in', known({ status: 'subscribed' }), null, null, 'no_relationship'],
    [
      'opted out of the topic',
      known({ status: 'unsubscribed' }),
      'unsubscribed',
      'unsubscribed',
      'unsubscribed',
    ],
    [
      'waiting for confirmation',
      known({ status: 'pending' }),
      'pending_confirmation',
      null,
      'no_relationship',
    ],
    ['a contact with no choice for the topic', known(), 'no_consent', null, 'no_relationship'],
    ['nobody we know', known(), 'no_consent', null, 'no_relationship'],
    [
      'opted out of everything',
      known({ all: true }),
      'unsubscribed_all',
      'unsubscribed_all',
      'unsubscribed_all',
    ],
    [
      'opted in but bounced',
      known({ status: 'subscribed', listed: ['bounced'] }),
      'bounced',
      'bounced',
      'bounced',
    ],
    [
      'opted in but complained',
      known({ status: 'subscribed', listed: ['complained'] }),
      'complained',
      'complained',
      'complained',
    ],
    ['erased', known({ listed: ['erased'] }), 'erased', 'erased', 'erased'],
    [
      'erased, complained and bounced',
      known({ listed: ['bounced', 'erased', 'complained'] }),
      'erased',
      'erased',
      'erased',
    ],
    [
      'complained and bounced',
      known({ listed: ['bounced', 'complained'] }),
      'complained',
      'complained',
      'complained',
    ],
    [
      'bounced and opted out of everything',
      known({ all: true, listed: ['bounced'] }),
      'bounced',
      'bounced',
      'bounced',
    ],
    [
      'opted out of everything and of the topic',
      known({ all: true, status: 'unsubscribed' }),
      'unsubscribed_all',
      'unsubscribed_all',
      'unsubscribed_all',
    ],
    [
      'opted out of everything, topic still subscribed',
      known({ all: true, status: 'subscribed' }),
      'unsubscribed_all',
      'unsubscribed_all',
      'unsubscribed_all',
    ],
  ];
  it.each(cases)('%s', (_, facts, consent, customer, anyoneElse) => {
    expect(reasonFor(facts, 'consent', false)).toBe(consent);
    // Being a customer changes nothing on a consent topic.
    expect(reasonFor(facts, 'consent', true)).toBe(consent);
    expect(reasonFor(facts, 'legitimate_interest', true)).toBe(customer);
    expect(reasonFor(facts, 'legitimate_interest', false)).toBe(anyoneElse);
  });

  it('never clears anyone who is suppressed or opted out of everything, for any basis', () => {
    for (const facts of everyFacts) {
      if (facts.suppressed || facts.unsubscribedAll || facts.status === 'unsubscribed') {
        for (const customer of [true, false]) {
          expect(reasonFor(facts, 'consent', customer)).not.toBeNull();
          expect(reasonFor(facts, 'legitimate_interest', customer)).not.toBeNull();
        }
      }
    }
  });

  it('never clears anyone outside a customer relationship for a legitimate-interest topic', () => {
    for (const facts of everyFacts) {
      expect(reasonFor(facts, 'legitimate_interest', false)).not.toBeNull();
    }
  });
});

describe('soft opt-in needs a customer relationship (presendReason, on plain facts)', () => {
  const now = new Date('2026-03-31T23:30:00Z');
  const softOptIn = { now, months: 24 };
  const li = (
    customerSince: string | null,
    customerUntil: string | null,
    more: Partial<RecipientFacts> = {},
  ) =>
    presendReason(
      {
        basis: 'legitimate_interest',
        status: null,
        unsubscribedAll: false,
        customerSince,
        customerUntil,
        ...more,
      },
      softOptIn,
    );

  it('clears a current customer: a start date and no end, or an end still to come', () => {
    expect(li('2020-05-01', null)).toBeNull();
    expect(li('2020-05-01', '2027-01-01')).toBeNull();
    // A contract signed today for next month already makes a customer.
    expect(li('2026-04-15', null)).toBeNull();
  });

  it('clears a former customer for SOFT_OPT_IN_MONTHS after the relationship ended, not a day longer', () => {
    expect(li('2020-05-01', '2026-03-30')).toBeNull();
    // 24 months back from 31 March 2026 is 31 March 2024.
    expect(li('2020-05-01', '2024-03-31')).toBeNull();
    expect(li('2020-05-01', '2024-03-30')).toBe('no_relationship');
    // With 0 months only customers whose relationship has not ended are cleared.
    const none = { now, months: 0 };
    const facts = { basis: 'legitimate_interest' as const, status: null, unsubscribedAll: false };
    expect(
      presendReason({ ...facts, customerSince: '2020-05-01', customerUntil: '2026-03-31' }, none),
    ).toBeNull();
    expect(presendReason({ ...facts, customerSince: '2020-05-01', customerUntil: '2026-03-30' }, none)).toBe(
      'no_relationship',
    );
  });

  it('gives no_relationship to anyone who never was a customer, whatever their subscription says', () => {
    expect(li(null, null)).toBe('no_relationship');
    expect(li(null, null, { status: 'subscribed' })).toBe('no_relationship');
    expect(li(null, null, { status: 'pending' })).toBe('no_relationship');
    // An end without a start is no relationship either (the API refuses to store one).
    expect(li(null, '2027-01-01')).toBe('no_relationship');
  });

  it('lets an opt-out or a suppression win over the relationship', () => {
    expect(li('2020-05-01', null, { status: 'unsubscribed' })).toBe('unsubscribed');
    expect(li('2020-05-01', null, { unsubscribedAll: true })).toBe('unsubscribed_all');
    expect(li('2020-05-01', null, { suppressions: ['bounced'] })).toBe('bounced');
    expect(li('2020-05-01', null, { suppressions: ['bounced', 'erased'] })).toBe('erased');
  });

  it('leaves consent topics as they were: only an opt-in clears', () => {
    const consent = (status: RecipientFacts['status']) =>
      presendReason(
        {
          basis: 'consent',
          status,
          unsubscribedAll: false,
          customerSince: '2020-05-01',
          customerUntil: null,
        },
        softOptIn,
      );
    expect(consent('subscribed')).toBeNull();
    expect(consent(null)).toBe('no_consent');
    expect(consent('pending')).toBe('pending_confirmation');
  });
});

describe('customer dates', () => {
  it('accepts real calendar dates written YYYY-MM-DD and nothing else', () => {
    for (const ok of ['2024-02-29', '2000-02-29', '1999-12-31', '0001-01-01', '9999-12-31'])
      expect(isIsoDate(ok)).toBe(true);
    for (const bad of [
      '2023-02-29',
      '1900-02-29',
      '2024-04-31',
      '2024-13-01',
      '2024-00-10',
      '2024-1-5',
      '0000-01-01',
      '20240105',
      '2024-01-05T00:00:00Z',
      '2024-01-0x',
      ' 2024-01-05',
      '',
    ])
      expect(isIsoDate(bad)).toBe(false);
  });

  it('reads the same relationship in SQL (what the readers and retention use) as in code', async () => {
    const client = createClient({ url: ':memory:' });
    try {
      const pairs: Array<[string | null, string | null]> = [
        [null, null],
        ['', null],
        ['2020-01-01', null],
        ['2020-01-01', '2024-12-31'],
        ['2020-01-01', '0001-01-01'],
        [null, '2024-12-31'],
        ['2020-01-01', 'soon'],
        ['2020-01-01', ''],
      ];
      const { rows } = await client.execute({
        sql: `SELECT ${RELATIONSHIP_END_SQL} AS v FROM (SELECT j.value ->> 0 AS customer_since, j.value ->> 1 AS customer_until FROM json_each(?) AS j) AS c`,
        args: [JSON.stringify(pairs)],
      });
      expect(rows.map((r) => Number(r.v))).toEqual(
        pairs.map(([since, until]) => relationshipEnd(since, until)),
      );
    } finally {
      client.close();
    }
  });

  it('counts the soft opt-in window back in calendar months, to the last day of a shorter month', () => {
    const from = (now: string, months: number) => isoDateOf(softOptInFrom(new Date(now), months));
    expect(from('2026-01-15T10:00:00Z', 24)).toBe('2024-01-15');
    expect(from('2026-03-31T10:00:00Z', 1)).toBe('2026-02-28');
    expect(from('2024-03-31T10:00:00Z', 1)).toBe('2024-02-29');
    expect(from('2026-01-31T10:00:00Z', 13)).toBe('2024-12-31');
    expect(from('2026-01-15T10:00:00Z', 0)).toBe('2026-01-15');
    // The UTC date: late evening in Amsterdam is still the day before in UTC.
    expect(from('2026-01-15T23:59:59Z', 0)).toBe('2026-01-15');
  });
});

describe('receives: the rule for one contact, as the preference page and the undo ask it', () => {
  const softOptIn = { now: new Date('2026-06-01T12:00:00Z'), months: 24 };
  it.each([
    ['subscribed', null, true, true],
    ['unsubscribed', null, false, false],
    ['pending', null, false, true],
    [null, null, false, true],
    ['subscribed', new Date(), false, false],
    [null, new Date(), false, false],
  ] as const)(
    'status %s, left everything at %s: consent %s, legitimate interest (a customer) %s',
    (status, all, consent, li) => {
      const contact = { unsubscribedAllAt: all, customerSince: '2024-01-01', customerUntil: null };
      expect(receives({ basis: 'consent' }, status, contact, softOptIn)).toBe(consent);
      expect(receives({ basis: 'legitimate_interest' }, status, contact, softOptIn)).toBe(li);
      const stranger = { ...contact, customerSince: null };
      expect(receives({ basis: 'legitimate_interest' }, status, stranger, softOptIn)).toBe(false);
    },
  );

  it('reads suppressions and unknown values the way the reader does', () => {
    expect(bitOfStatus('subscribed') | bitOfSuppression('bounced')).toBe(SUBSCRIBED | BOUNCED);
    expect(bitOfStatus('surprise') | bitOfSuppression('new-reason')).toBe(UNSUBSCRIBED | ERASED);
  });

  it("hands the reader's bits to the rule as the facts they stand for", () => {
    const bits = [
      KNOWN | SUBSCRIBED | BOUNCED,
      UNSUBSCRIBED_ALL | UNSUBSCRIBED,
      ERASED | COMPLAINED | BOUNCED,
      0,
    ];
    const answer = answerOf({
      bits: Int32Array.from(bits),
      relationshipEnd: Int32Array.from([0, 0, 0, 7]),
      pausedUntil: Float64Array.from([0, 0, 5, 0]),
    });
    expect(bits.map((_, i) => answer.facts(i))).toEqual([
      known({ status: 'subscribed', listed: ['bounced'] }),
      known({ all: true, status: 'unsubscribed' }),
      known({ listed: ['erased'] }),
      known(),
    ]);
    expect(answer.relationshipEnd(3)).toBe(7);
    expect(answer.pausedUntil(2)).toBe(5);
  });
});

describe('the fast email hasher', () => {
  it('gives exactly the suppression-list hash that node:crypto gives', () => {
    const key = 'test-suppression-hash-key-0123456789abcdef';
    const hash = createHmacSha256(key);
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
      expect(createHmacSha256(key)('jan@example.nl')).toBe(
        createHmac('sha256', key).update('jan@example.nl').digest('base64url'),
      );
      // The signer hands its keys over as bytes.
      expect(createHmacSha256(new TextEncoder().encode(key))('a.b')).toBe(
        createHmac('sha256', key).update('a.b').digest('base64url'),
      );
    }
  });
});
