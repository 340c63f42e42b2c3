// The one stylesheet, served by the app at /assets/style.css with the brand's accent colour.
// Accessibility: 4.5:1 contrast on text, visible focus, targets of at least 24x24 px, and a
// layout that works at 320 px wide. Dark mode follows prefers-color-scheme; there, links and
// outlined buttons use the accent mixed with white, because a brand accent chosen for white
// button text is too dark to read on a dark page.
export function stylesheet(accent: string): string {
  return `
:root { color-scheme: light dark; --accent: ${accent}; --link: var(--accent); --text: #1f2328; --muted: #57606a; --bg: #ffffff; --line: #d0d7de; --panel: #f6f8fa; --danger: #b42318; }
@media (prefers-color-scheme: dark) {
  :root { --link: color-mix(in srgb, var(--accent) 35%, #ffffff); --text: #e6edf3; --muted: #a8b3bf; --bg: #0d1117; --line: #3d444d; --panel: #161b22; --danger: #c9302c; }
}
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 100%; color: var(--text); background: var(--bg); }
body { margin: 0 auto; max-width: 40rem; padding: 1rem; line-height: 1.5; }
a { color: var(--link); text-decoration: underline; }
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
button.secondary, .button.secondary { background: var(--bg); color: var(--link); border-color: var(--link); }
button.danger { background: var(--danger); border-color: var(--danger); color: #fff; }
.actions { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1rem 0; }
:focus-visible { outline: 3px solid var(--link); outline-offset: 2px; }
/* A ticked box is filled with the accent, so its ring is in the text colour, set apart by a gap. */
input[type=checkbox]:focus-visible, input[type=radio]:focus-visible { outline: 3px solid var(--text); outline-offset: 3px; }
.status { border-left: 4px solid var(--link); background: var(--panel); padding: .5rem .75rem; margin: 0 0 1rem; }
.status p { margin: .25rem 0; }
#status:focus { outline: 3px solid var(--text); outline-offset: 2px; }
.error { border-left-color: var(--danger); }
.tag { display: inline-block; margin-left: .5rem; padding: 0 .375rem; font-size: .8125rem; font-weight: 600; border: 1px solid var(--muted); border-radius: .25rem; color: var(--text); }
.basis { border-top: 1px solid var(--line); padding-top: .5rem; }
.basis p { margin: .25rem 0; }
.basis .tag { margin-left: 0; }
label.choice { display: flex; gap: .5rem; align-items: center; min-height: 2rem; }
label.choice input { width: 1.25rem; height: 1.25rem; margin: 0; flex: none; accent-color: var(--accent); }
section.pause { margin: 1.5rem 0; }
blockquote.consent { margin: 0 0 1rem; padding: .75rem 1rem; border: 1px solid var(--line); border-left: 4px solid var(--link); border-radius: .375rem; background: var(--panel); }
blockquote.consent p, blockquote.consent ul { margin: .25rem 0; }
footer { margin-top: 2rem; padding-top: 1rem; border-top: 1px solid var(--line); font-size: .875rem; color: var(--muted); }
footer a { color: var(--muted); }
`;
}

/** The stylesheet URL for an accent colour `#rrggbb` (web/assets.ts serves it). */
export function stylesheetUrl(accent: string): string {
  return `/assets/style.css?accent=${accent.slice(1).toLowerCase()}`;
}
