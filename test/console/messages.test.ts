// Every console language is complete, in the shell's catalogue and in every page area's own
// file: each has every key of the English one, none empty, with the same placeholders, and
// none left in English where a word would differ. A missing or half-translated message fails
// here, not in front of a member of staff.
import { describe, expect, it } from 'vitest';
import { chooseConsoleLocale, consoleMessages } from '../../src/console/i18n';
import { supportedLocales } from '../../src/domain/locales';
import { importMessages } from '../../src/routes/admin/import/messages';
import { recordsMessages } from '../../src/routes/admin/records-messages';
import { settingsMessages } from '../../src/routes/admin/settings/messages';
import { topicMessages } from '../../src/routes/admin/topics/messages';
import { leaves, placeholders, type Tree } from '../support/catalogues';

// Each catalogue, and the keys whose text may rightly be the English word (French shares
// "Rectification", the legal term of the GDPR).
const catalogues: Record<string, { files: Record<string, unknown>; same?: string[] }> = {
  shell: { files: consoleMessages, same: ['lang'] },
  records: { files: recordsMessages, same: ['requests.types.rectification'] },
  settings: { files: settingsMessages },
  topics: { files: topicMessages },
  import: { files: importMessages },
};

describe('console message files', () => {
  it('exist for the languages of the public pages', () => {
    expect(Object.keys(consoleMessages).sort()).toEqual([...supportedLocales].sort());
  });

  for (const [area, { files, same = [] }] of Object.entries(catalogues)) {
    it(`${area}: one file per console language`, () => {
      expect(Object.keys(files).sort()).toEqual(Object.keys(consoleMessages).sort());
    });

    const english = leaves(files.en as Tree);
    for (const locale of Object.keys(consoleMessages).filter((l) => l !== 'en')) {
      it(`${area}: ${locale} has every message, none empty, none left in English, with the same placeholders`, () => {
        const own = leaves(files[locale] as Tree);
        expect([...own.keys()].sort()).toEqual([...english.keys()].sort());
        for (const [key, text] of english) {
          const translated = own.get(key) ?? '';
          expect(translated.trim(), `${locale}: ${area}.${key}`).not.toBe('');
          expect(placeholders(translated), `${locale}: ${area}.${key} placeholders`).toEqual(
            placeholders(text),
          );
          if (!same.includes(key) && text.length > 12)
            expect(translated, `${locale}: ${area}.${key} is still English`).not.toBe(text);
        }
      });
    }
  }

  it('name each language in itself and say which it is', () => {
    for (const [locale, m] of Object.entries(consoleMessages)) expect(m.lang).toBe(locale);
    expect(Object.values(consoleMessages).map((m) => m.languageName)).toEqual([
      'English',
      'Nederlands',
      'Français',
      'Deutsch',
    ]);
  });

  it('name every public language in the topic form, in each console language', () => {
    for (const t of Object.values(topicMessages))
      expect(Object.keys(t.languages).sort()).toEqual([...supportedLocales].sort());
  });
});

describe('console language choice', () => {
  it('takes ?lang= first, then the browser’s languages, then English', () => {
    expect(chooseConsoleLocale('de', 'fr-BE')).toBe('de');
    expect(chooseConsoleLocale('xx', 'fr-BE, nl;q=0.5')).toBe('fr');
    expect(chooseConsoleLocale(undefined, 'de-BE')).toBe('de');
    expect(chooseConsoleLocale(undefined, 'es, it')).toBe('en');
  });
});
