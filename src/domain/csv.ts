// A small streaming CSV reader (RFC 4180): comma-separated, fields optionally in double
// quotes, `""` for a quote inside a quoted field, line breaks inside quotes allowed, CRLF or
// LF line ends. It reads text chunks as they arrive and yields one record at a time, so a
// million-row file never sits in memory. Lenient where being strict would only lose rows
// (a stray quote inside an unquoted field is kept as text); a record longer than
// `maxRecordLength` (an unterminated quote swallowing the file) stops the read with an error.

export interface CsvRecord {
  fields: string[];
  /** 1-based line number where the record starts, for reporting rejected rows. */
  line: number;
}

export class CsvError extends Error {
  override name = 'CsvError';
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

export async function* readCsv(
  chunks: AsyncIterable<string> | Iterable<string>,
  opts: { maxRecordLength?: number } = {},
): AsyncGenerator<CsvRecord> {
  const maxRecordLength = opts.maxRecordLength ?? 1024 * 1024;
  let buf = '';
  let line = 1;
  let first = true;
  for await (let chunk of chunks) {
    if (first) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      if (chunk.length) first = false;
    }
    buf += chunk;
    let pos = 0;
    for (;;) {
      const parsed = parseRecord(buf, pos, false);
      if (!parsed) break;
      yield { fields: parsed.fields, line };
      line += parsed.lines;
      pos = parsed.next;
    }
    buf = buf.slice(pos);
    if (buf.length > maxRecordLength) {
      throw new CsvError(`the record on line ${line} is longer than ${maxRecordLength} characters`);
    }
  }
  if (buf.length > 0) {
    const parsed = parseRecord(buf, 0, true);
    if (parsed) yield { fields: parsed.fields, line };
  }
}

/**
 * Parses one record starting at `start`. Returns null when the buffer ends before the record
 * does (more input may complete it), unless `atEnd`, when whatever is left is the record.
 */
function parseRecord(
  buf: string,
  start: number,
  atEnd: boolean,
): { fields: string[]; next: number; lines: number } | null {
  const fields: string[] = [];
  const n = buf.length;
  let i = start;
  let lines = 1;
  for (;;) {
    if (i < n && buf.charCodeAt(i) === QUOTE) {
      // Quoted field: collect pieces between doubled quotes.
      let value = '';
      let from = i + 1;
      i = from;
      for (;;) {
        const q = buf.indexOf('"', i);
        if (q === -1) {
          if (!atEnd) return null;
          value += buf.slice(from);
          lines += countLf(buf, from, n);
          i = n;
          break;
        }
        if (q + 1 < n && buf.charCodeAt(q + 1) === QUOTE) {
          value += buf.slice(from, q + 1);
          lines += countLf(buf, from, q);
          i = q + 2;
          from = i;
          continue;
        }
        if (q + 1 >= n && !atEnd) return null;
        value += buf.slice(from, q);
        lines += countLf(buf, from, q);
        i = q + 1;
        break;
      }
      // Anything between the closing quote and the next separator is kept, not dropped.
      const end = findSeparator(buf, i);
      if (end === -1 && !atEnd) return null;
      const stop = end === -1 ? n : end;
      value += stripCr(buf, i, stop);
      fields.push(value);
      i = stop;
    } else {
      const end = findSeparator(buf, i);
      if (end === -1 && !atEnd) return null;
      const stop = end === -1 ? n : end;
      fields.push(stripCr(buf, i, stop));
      i = stop;
    }
    if (i >= n) {
      if (!atEnd) return null;
      return { fields, next: n, lines };
    }
    if (buf.charCodeAt(i) === COMMA) {
      i += 1;
      continue;
    }
    // A line feed ends the record.
    return { fields, next: i + 1, lines };
  }
}

function findSeparator(buf: string, from: number): number {
  for (let i = from; i < buf.length; i++) {
    const c = buf.charCodeAt(i);
    if (c === COMMA || c === LF) return i;
  }
  return -1;
}

/** The text from `from` to `to`, without the CR of a CRLF line end. */
function stripCr(buf: string, from: number, to: number): string {
  return to > from && buf.charCodeAt(to - 1) === CR && buf.charCodeAt(to) === LF
    ? buf.slice(from, to - 1)
    : buf.slice(from, to);
}

function countLf(buf: string, from: number, to: number): number {
  let count = 0;
  for (let i = buf.indexOf('\n', from); i !== -1 && i < to; i = buf.indexOf('\n', i + 1)) count++;
  return count;
}

/**
 * One CSV field, quoted only when it must be. Text that a spreadsheet would run as a formula
 * (starting with = + - @ or a tab) gets a leading apostrophe: addresses come from the public,
 * and these files are opened in spreadsheets.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(values: Array<string | number | null | undefined>): string {
  return `${values.map((v) => csvField(v === null || v === undefined ? '' : String(v))).join(',')}\n`;
}
