// The frame every public page shares: the doctype, language, the brand's stylesheet (its accent
// colour), its header with name or logo, the language switch and the privacy footer the
// companies' policies promise. Plain server-rendered HTML, no scripts.
// The doctype is part of the frame, so no page can render in quirks mode (layout and
// accessibility tools both assume standards mode); JSX has no element for it.
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { type Brand, DEFAULT_BRAND } from '../domain/brands';
import { fill, type Messages, messages } from './i18n';
import { stylesheetUrl } from './style';

export interface PageProps {
  title: string;
  m: Messages;
  brand: Brand;
  children: Child;
  /**
   * Off for the answers to a form posted from elsewhere (a website's sign-up form): their address
   * takes only that POST, so a link to it in another language would lead nowhere.
   */
  languageSwitch?: boolean;
}

export function Page({ title, m, brand, children, languageSwitch = true }: PageProps) {
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={m.lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex, nofollow" />
          <title>{`${title} · ${brand.name}`}</title>
          <link rel="stylesheet" href={stylesheetUrl(brand.accent)} />
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
            {languageSwitch ? <LanguageSwitch m={m} brand={brand} /> : null}
          </header>
          <main id="main">{children}</main>
          <footer>
            <p>
              {m.common.poweredBy} {brand.name}.
              {brand.websiteUrl ? (
                <>
                  {' '}
                  <a href={brand.websiteUrl} class="website">
                    {fill(m.common.backToWebsite, { brand: brand.name })}
                  </a>
                  .
                </>
              ) : null}
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

/**
 * Real links to the same page in every language. A link of only a query (`?lang=fr`) keeps the
 * page's path, and with it the token of a link page; `/p` keeps its brand too.
 */
function LanguageSwitch({ m, brand }: { m: Messages; brand: Brand }) {
  const brandPart = brand.key === DEFAULT_BRAND ? '' : `&brand=${encodeURIComponent(brand.key)}`;
  return (
    <nav class="languages" aria-label={m.common.languageSwitch}>
      <ul>
        {Object.values(messages).map((other) => (
          <li>
            <a
              href={`?lang=${other.lang}${brandPart}`}
              hreflang={other.lang}
              lang={other.lang}
              aria-current={other.lang === m.lang ? 'true' : undefined}
            >
              {other.languageName}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The way out of an end page (unsubscribed, confirmed, deleted, invalid link): the brand's site. */
export function BackToWebsite({ m, brand }: { m: Messages; brand: Brand }) {
  if (!brand.websiteUrl) return null;
  return (
    <p class="actions">
      <a class="button secondary" href={brand.websiteUrl}>
        {fill(m.common.backToWebsite, { brand: brand.name })}
      </a>
    </p>
  );
}
