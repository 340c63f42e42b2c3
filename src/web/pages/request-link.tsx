// "Email me a link" (/p): for people who want to change their preferences but have no recent
// mail from us at hand. The answer never says whether an address is known.
import type { Config } from '../../config';
import type { Messages } from '../i18n';
import { Page } from '../layout';
import { StatusBox, type StatusMessage } from './preferences';

export interface RequestLinkPageProps {
  m: Messages;
  brand: Config['brand'];
  formAction: string;
  status?: StatusMessage;
  /** Shown again after a typo, so the person can fix it. Never after a successful request. */
  email?: string;
  invalid?: boolean;
}

export function RequestLinkPage({ m, brand, formAction, status, email, invalid }: RequestLinkPageProps) {
  const r = m.requestLink;
  return (
    <Page title={r.title} m={m} brand={brand}>
      <h1>{r.title}</h1>
      <StatusBox status={status} />
      <p>{r.intro}</p>
      <form method="post" action={formAction}>
        <label for="email">{r.emailLabel}</label>
        <input
          type="email"
          id="email"
          name="email"
          autocomplete="email"
          required
          maxlength={254}
          value={email ?? ''}
          aria-invalid={invalid ? 'true' : undefined}
        />
        <div class="actions">
          <button type="submit">{r.submit}</button>
        </div>
      </form>
    </Page>
  );
}
