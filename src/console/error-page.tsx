// The page a console request gets when it fails: what happened in staff's words, in the
// console frame (with the navigation when signed in). The error layer (http/errors.ts) renders
// it for every path under /admin.
import type { Config } from '../config';
import type { ErrorCode } from '../domain/errors';
import { fill } from './i18n';
import { ConsoleLayout } from './layout';
import type { ConsoleView } from './view';

type Kind =
  | 'forbidden'
  | 'refused'
  | 'notFound'
  | 'badRequest'
  | 'conflict'
  | 'rateLimited'
  | 'unavailable'
  | 'internal';

const kindOf: Record<ErrorCode, Kind> = {
  bad_request: 'badRequest',
  invalid_json: 'badRequest',
  validation_failed: 'badRequest',
  invalid_token: 'badRequest',
  payload_too_large: 'badRequest',
  unsupported_media_type: 'badRequest',
  unauthorized: 'refused',
  forbidden: 'forbidden',
  conflict: 'conflict',
  opted_out: 'conflict',
  erased: 'conflict',
  not_found: 'notFound',
  method_not_allowed: 'notFound',
  rate_limited: 'rateLimited',
  service_unavailable: 'unavailable',
  internal_error: 'internal',
};

export interface ConsoleErrorProps {
  view: ConsoleView;
  brand: Config['brand'];
  code: ErrorCode;
  message: string;
  details?: unknown;
  retryAfterSeconds?: number;
}

export function ConsoleErrorPage({ view, code, message, details, retryAfterSeconds }: ConsoleErrorProps) {
  const { m } = view;
  // A refused form (bad CSRF token, another site) is a forbidden code with its own words.
  const form = (details as { form?: string } | undefined)?.form;
  const kind = code === 'forbidden' && form ? 'refused' : kindOf[code];
  const title = m.errors[`${kind}Title`];
  // The domain's message is safe to show: it never holds an address. Internal ones are generic.
  const detail = kind === 'badRequest' || kind === 'conflict' ? message : '';
  const minutes = String(Math.max(1, Math.ceil((retryAfterSeconds ?? 60) / 60)));
  return (
    <ConsoleLayout view={view} title={title}>
      <h1>{title}</h1>
      <p role="alert" class="status error">
        {fill(m.errors[`${kind}Body`], { detail, minutes })}
      </p>
      <p>
        <a href={view.href('/admin')}>{m.errors.back}</a>
      </p>
    </ConsoleLayout>
  );
}
