// Stand-in for `@react-email/render`, which the resend SDK imports lazily only when a mail is
// given as a React component. mailprefs always sends ready-made text and HTML, so the Worker
// bundle aliases the module to this file (wrangler.toml [alias]) instead of leaving an import
// that workerd cannot resolve.
export async function render(): Promise<string> {
  throw new Error('mailprefs does not render React mail components');
}
