// The frame every public page shares: the doctype, language, stylesheet, brand header and the
// privacy footer the companies' policies promise. Plain server-rendered HTML, no scripts.
// The doctype is part of the frame, so no page can render in quirks mode (layout and
// accessibility tools both assume standards mode); JSX has no element for it.
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { Config } from '../config';
import type { Messages } from './i18n';

export interface PageProps {
  title: string;
  m: Messages;
  brand: Config['brand'];
  children: Child;
}

export function Page({ title, m, brand, children }: PageProps) {
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={m.lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex, nofollow" />
          <title>{`${title} · ${brand.name}`}</title>
          <link rel="stylesheet" href="/assets/style.css" />
        </head>
        <body>
          <a class="skip" href="#main">
            {m.common.skipToContent}
          </a>
          <header class="brand">
            {brand.logoUrl ? (
              <img src={brand.logoUrl} alt={brand.name} height="32" />
            ) : (
              <span>{brand.name}</span>
            )}
          </header>
          <main id="main">{children}</main>
          <footer>
            <p>
              {m.common.poweredBy} {brand.name}.
              {brand.privacyPolicyUrl ? (
                <>
                  {' '}
                  <a href={brand.privacyPolicyUrl}>{m.common.privacyPolicy}</a>.
                </>
              ) : null}
              {brand.privacyContact ? (
                <>
                  {' '}
                  {m.common.privacyQuestions}{' '}
                  <a href={`mailto:${brand.privacyContact}`}>{brand.privacyContact}</a>
                </>
              ) : null}
            </p>
          </footer>
        </body>
      </html>
    </>
  );
}
