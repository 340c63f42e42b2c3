// Turns an error on a console path into the console's error page, with the console headers.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppDeps } from '../deps';
import type { AppError } from '../domain/errors';
import { applySecurityHeaders } from '../web/page-headers';
import { ConsoleErrorPage } from './error-page';
import { consoleView } from './view';

export function consoleErrorResponder(deps: AppDeps) {
  return async (c: Context, err: AppError, status: ContentfulStatusCode): Promise<Response> => {
    const view = await consoleView(c, deps);
    applySecurityHeaders(c, deps.config.brand);
    return c.html(
      <ConsoleErrorPage
        view={view}
        brand={deps.config.brand}
        code={err.code}
        message={err.message}
        details={err.details}
        retryAfterSeconds={err.retryAfterSeconds}
      />,
      status,
    );
  };
}
