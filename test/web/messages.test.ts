// Every language is complete: each message file has every key of the English one, none left
// empty, with the same placeholders, and the fully translated files differ from English where
// a word would. A missing or half-translated message fails here, not in front of a reader.
import { describe, expect, it } from 'vitest';
import { supportedLocales } from '../../src/domain/locales';
import { localise } from '../../src/domain/topics';
import { chooseLocale, messages } from '../../src/web/i18n';
import { leaves, placeholders, type Tree } from '../support/catalogues';

const english = leaves(messages.en as unknown as Tree);
// Words that are the same in every language (separators, the language's own name is checked apart).
const sameEverywhere = new Set(['unsubscribe.listSeparator', 'lang']);

describe('message files', () => {
  it('exist for every supported language', () => {
    expect(Object.keys(messages).sort()).toEqual([...supportedLocales].sort());
  });

  for (const locale of supportedLocales.filter((l) => l !== 'en')) {
    it(`${locale} has every message, none empty, none left in English, with the same placeholders`, () => {
      const own = leaves(messages[locale] as unknown as Tree);
      expect([...own.keys()].sort()).toEqual([...english.keys()].sort());
      for (const [key, text] of english) {
        const translated = own.get(key) ?? '';
        expect(translated.trim(), `${locale}: ${key}`).not.toBe('');
        expect(placeholders(translated), `${locale}: ${key} placeholders`).toEqual(placeholders(text));
        if (!sameEverywhere.has(key) && text.length > 12)
          expect(translated, `${locale}: ${key} is still English`).not.toBe(text);
      }
      expect(own.get('lang')).toBe(locale);
    });
  }
});

describe('languages', () => {
  it('the language switch wins over the contact’s language, which wins over the browser’s', () => {
    expect(chooseLocale({ query: 'de', contactLocale: 'nl', acceptLanguage: 'fr' })).toBe('de');
    expect(chooseLocale({ query: 'xx', contactLocale: 'nl', acceptLanguage: 'fr' })).toBe('nl');
    expect(chooseLocale({ acceptLanguage: 'fr-BE, nl;q=0.5' })).toBe('fr');
    expect(chooseLocale({})).toBe('en');
  });

  it('topic texts fall back to the brand’s default language, then English, then any they have', () => {
    const name = { nl: 'Nieuws', en: 'News' };
    expect(localise(name, 'nl', 'fr')).toBe('Nieuws');
    expect(localise(name, 'de', 'nl')).toBe('Nieuws');
    expect(localise(name, 'de', 'fr')).toBe('News');
    expect(localise({ fr: 'Actualités' }, 'de', 'nl')).toBe('Actualités');
    expect(localise(null, 'de')).toBe('');
  });
});
