// A console form with its CSRF token. Every form on a console page is one of these, so none
// can be posted without the token the guard checks (console/guard.ts).
import type { Child } from 'hono/jsx';
import { CSRF_FIELD } from './csrf';
import type { ConsoleView } from './view';

export interface CsrfFormProps {
  view: Pick<ConsoleView, 'csrf' | 'href'>;
  /** A console path; `?lang=` is kept by the view. */
  action: string;
  /** `multipart/form-data` for file uploads; urlencoded otherwise. */
  enctype?: 'multipart/form-data';
  class?: string;
  /** An accessible name, for a page with several forms. */
  label?: string;
  children: Child;
}

export function CsrfForm({ view, action, enctype, class: className, label, children }: CsrfFormProps) {
  return (
    <form method="post" action={view.href(action)} enctype={enctype} class={className} aria-label={label}>
      <input type="hidden" name={CSRF_FIELD} value={view.csrf} />
      {children}
    </form>
  );
}
