// Turns a page element into a full HTML document. The doctype keeps browsers out of quirks
// mode (layout and accessibility tools both assume standards mode); JSX cannot express it.
import type { JSX } from 'hono/jsx/jsx-runtime';

export async function htmlDocument(page: JSX.Element | Promise<JSX.Element>): Promise<string> {
  return `<!doctype html>${await (await page).toString()}`;
}
