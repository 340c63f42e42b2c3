// Reading a message catalogue as a flat list of its texts, for the tests that hold every
// language of the public pages and of the console to the English one.
export type Tree = { [key: string]: string | Tree };

/** Every text of a catalogue under its dotted key path (`errors.notFoundTitle`). */
export function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [p, v] of leaves(value, path)) out.set(p, v);
  }
  return out;
}

/** The `{name}` placeholders of a text, sorted. */
export const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
