// Two things the preference page's POST says after it acted: what a save changed for the
// person ("You will now receive: …; you will no longer receive: …"), and the outcome of
// "pause all mail" or "resume now".
import type { Context } from 'hono';
import { type AppDeps, domainContext } from '../../deps';
import { isPauseMonths, pauseMail, resumeMail } from '../../domain/pause';
import type { PreferenceView } from '../../domain/preference-center';
import { receives } from '../../domain/presend';
import { localise } from '../../domain/topics';
import { requestConsent } from '../../http/request-info';
import { fill, type Messages } from '../../web/i18n';
import { formatDate } from '../../web/pages/pause';

/**
 * The topics the person receives after a save and did not before, and the other way round, by
 * the rule presend applies (so "everything" and legitimate interest count as they mail).
 * Empty when nothing they receive changed.
 */
export function changeSummary(before: PreferenceView, after: PreferenceView, m: Messages): string[] {
  const gets = (view: PreferenceView) =>
    new Set(
      view.topics
        .filter(({ topic, status }) => receives(topic, status, view.contact, view.softOptIn))
        .map(({ topic }) => topic.key),
    );
  const was = gets(before);
  const now = gets(after);
  const names = (keys: (k: string) => boolean) =>
    after.topics
      .filter(({ topic }) => keys(topic.key))
      .map(({ topic }) => localise(topic.name, m.lang))
      .join(m.unsubscribe.listSeparator);
  const added = names((k) => now.has(k) && !was.has(k));
  const removed = names((k) => was.has(k) && !now.has(k));
  const lines: string[] = [];
  if (added) lines.push(fill(m.preferences.nowReceive, { topics: added }));
  if (removed) lines.push(fill(m.preferences.noLongerReceive, { topics: removed }));
  return lines;
}

export async function pauseOrResume(
  c: Context,
  deps: AppDeps,
  input: { contactId: string; tokenId: string; action: 'pause' | 'resume'; months?: string; m: Messages },
): Promise<{ ok: boolean; text: string }> {
  const p = input.m.pause;
  const ctx = domainContext(deps);
  const consent = { ...requestConsent(c, deps, 'preference-center'), tokenId: input.tokenId };
  if (input.action === 'resume') {
    const resumed = await resumeMail({ ctx, input: { contactId: input.contactId, consent } });
    return { ok: true, text: resumed ? p.resumed : p.notPaused };
  }
  const months = Number(input.months);
  if (!isPauseMonths(months)) return { ok: false, text: p.chooseLength };
  const until = await pauseMail({
    ctx,
    input: {
      contactId: input.contactId,
      months,
      consent,
      wordingFor: (end) => fill(p.wording, { date: formatDate(end, input.m) }),
    },
  });
  return { ok: true, text: fill(p.pausedUntil, { date: formatDate(until, input.m) }) };
}
