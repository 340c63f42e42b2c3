// "Pause all mail" on the preference and unsubscribe pages: the choice of 1, 3 or 6 months,
// or, while a pause runs, its end date and "resume now". A plain POST form with the page's
// signed form token; the route decides what `action` means.
import { pauseMonths } from '../../domain/pause';
import type { Messages } from '../i18n';
import { fill } from '../i18n';

/** A date as people in the page's language write it (UTC, as the pause is stored). */
export function formatDate(date: Date, m: Messages): string {
  return new Intl.DateTimeFormat(m.lang, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

export function PauseSection(props: {
  m: Messages;
  action: string;
  formToken: string;
  /** The end of the running pause, or null. */
  pausedUntil: Date | null;
}) {
  const { m } = props;
  const p = m.pause;
  return (
    <section aria-labelledby="pause-heading" class="pause">
      <h2 id="pause-heading">{p.heading}</h2>
      <form method="post" action={props.action}>
        <input type="hidden" name="form_token" value={props.formToken} />
        {props.pausedUntil ? (
          <>
            <p class="status">{fill(p.activeNote, { date: formatDate(props.pausedUntil, m) })}</p>
            <div class="actions">
              <button type="submit" name="action" value="resume" class="secondary">
                {p.resumeButton}
              </button>
            </div>
          </>
        ) : (
          <>
            <p id="pause-help">{p.help}</p>
            <fieldset aria-describedby="pause-help">
              <legend>{p.legend}</legend>
              {pauseMonths.map((n) => (
                <label class="choice">
                  <input type="radio" name="months" value={String(n)} checked={n === 1} /> {p[`months${n}`]}
                </label>
              ))}
            </fieldset>
            <div class="actions">
              <button type="submit" name="action" value="pause" class="secondary">
                {p.button}
              </button>
            </div>
          </>
        )}
      </form>
    </section>
  );
}
