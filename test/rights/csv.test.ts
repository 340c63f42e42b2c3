import { describe, expect, it } from 'vitest';
import { CsvError, csvLine, readCsv } from '../../src/domain/csv';

async function read(chunks: string[]) {
  const out: Array<{ fields: string[]; line: number }> = [];
  for await (const r of readCsv(chunks)) out.push(r);
  return out;
}

/** Every way of cutting the text into two chunks must give the same records. */
async function readSplitEverywhere(text: string) {
  const whole = await read([text]);
  for (let i = 1; i < text.length; i++) {
    expect(await read([text.slice(0, i), text.slice(i)])).toEqual(whole);
  }
  return whole;
}

describe('the streaming CSV reader', () => {
  it('reads plain rows with LF and CRLF line ends and a byte-order mark', async () => {
    const records = await readSplitEverywhere('\ufeffemail,locale\r\njan@example.nl,nl\nann@example.be,en\n');
    expect(records.map((r) => r.fields)).toEqual([
      ['email', 'locale'],
      ['jan@example.nl', 'nl'],
      ['ann@example.be', 'en'],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3]);
  });

  it('handles quoted fields with commas, doubled quotes and line breaks, across chunk borders', async () => {
    const text = 'email,name\n"jan@example.nl","de Vries, ""Jan""\nline two"\nlast@example.nl,x';
    const records = await readSplitEverywhere(text);
    expect(records).toEqual([
      { fields: ['email', 'name'], line: 1 },
      { fields: ['jan@example.nl', 'de Vries, "Jan"\nline two'], line: 2 },
      { fields: ['last@example.nl', 'x'], line: 4 },
    ]);
  });

  it('keeps empty fields and a stray quote inside an unquoted field', async () => {
    expect((await read(['a,,c\n,\nab"c,d\n'])).map((r) => r.fields)).toEqual([
      ['a', '', 'c'],
      ['', ''],
      ['ab"c', 'd'],
    ]);
  });

  it('stops with an error instead of buffering a file swallowed by an unterminated quote', async () => {
    const chunks = ['email\n"never closed', ...Array.from({ length: 20 }, () => 'x'.repeat(100))];
    await expect(async () => {
      for await (const _ of readCsv(chunks, { maxRecordLength: 1000 })) {
        // reading
      }
    }).rejects.toThrow(CsvError);
  });

  it('defuses spreadsheet formulas in written fields', async () => {
    expect(csvLine(['=HYPERLINK("http://x")@example.nl', '+1', '@SUM(A1)', 'ok'])).toBe(
      `"'=HYPERLINK(""http://x"")@example.nl",'+1,'@SUM(A1),ok\n`,
    );
  });

  it('writes fields that read back the same', async () => {
    const values = ['plain', 'with,comma', 'with "quote"', 'two\nlines', ''];
    expect((await read([csvLine(values)]))[0].fields).toEqual(values);
  });
});
