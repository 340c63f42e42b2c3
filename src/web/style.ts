// The one stylesheet, served by the app at /assets/style.css with the brand's accent colour.
// Accessibility: 4.5:1 contrast on text, visible focus, targets of at least 24x24 px, and a
// layout that works at 320 px wide.
export function stylesheet(accent: string): string {
  return `
:root { --accent: ${accent}; --text: #1f2328; --muted: #57606a; --bg: #ffffff; --line: #d0d7de; }
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 100%; color: var(--text); background: var(--bg); }
body { margin: 0 auto; max-width: 40rem; padding: 1rem; line-height: 1.5; }
a { color: var(--accent); text-decoration: underline; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: .5rem; }
header.brand { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: .5rem; font-weight: 700; font-size: 1.125rem; padding: .5rem 0 1rem; border-bottom: 1px solid var(--line); margin-bottom: 1rem; }
header.brand img { max-height: 2rem; width: auto; }
nav.languages ul { display: flex; flex-wrap: wrap; gap: .25rem .75rem; list-style: none; margin: 0; padding: 0; font-weight: 400; font-size: 1rem; }
nav.languages a { display: inline-block; padding: .25rem 0; min-height: 1.5rem; }
nav.languages a[aria-current] { color: var(--text); font-weight: 700; text-decoration: none; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: .5rem 0 1rem; }
h2 { font-size: 1.125rem; }
p.muted, .muted { color: var(--muted); }
fieldset { border: 1px solid var(--line); border-radius: .5rem; padding: .75rem 1rem; margin: 0 0 1rem; }
legend { font-weight: 700; padding: 0 .25rem; }
.topic { display: flex; gap: .75rem; align-items: flex-start; padding: .5rem 0; border-top: 1px solid var(--line); }
.topic:first-of-type { border-top: 0; }
.topic input[type=checkbox] { width: 1.5rem; height: 1.5rem; margin: .125rem 0 0; flex: none; accent-color: var(--accent); }
.topic label { font-weight: 600; cursor: pointer; }
.topic p { margin: .125rem 0 0; }
label { display: block; }
input[type=email], input[type=text] { width: 100%; min-height: 2.75rem; padding: .5rem; font: inherit; border: 1px solid #6e7781; border-radius: .375rem; }
button, .button { display: inline-block; min-height: 2.75rem; min-width: 2.75rem; padding: .625rem 1rem; font: inherit; font-weight: 600; border-radius: .375rem; border: 2px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; text-decoration: none; }
button.secondary, .button.secondary { background: var(--bg); color: var(--accent); }
button.danger { background: #b42318; border-color: #b42318; }
.actions { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1rem 0; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.status { border-left: 4px solid var(--accent); background: #f6f8fa; padding: .5rem .75rem; margin: 0 0 1rem; }
.error { border-left-color: #b42318; }
footer { margin-top: 2rem; padding-top: 1rem; border-top: 1px solid var(--line); font-size: .875rem; color: var(--muted); }
footer a { color: var(--muted); }
`;
}

/** The stylesheet URL for an accent colour `#rrggbb` (web/assets.ts serves it). */
export function stylesheetUrl(accent: string): string {
  return `/assets/style.css?accent=${accent.slice(1).toLowerCase()}`;
}
