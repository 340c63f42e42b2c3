// The console's stylesheet, /assets/console.css: its own, so the public pages' brand styling
// never changes what staff see. Fixed colours at 4.5:1 or better, visible focus, targets of
// at least 24x24 px, and nothing wider than the screen at 320 px (wide tables scroll inside
// their own box).
export const consoleStylesheet = `
:root { --accent: #1d4ed8; --text: #1f2328; --muted: #57606a; --bg: #fff; --soft: #f6f8fa; --line: #d0d7de; --danger: #b42318; }
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--text); background: var(--bg); }
body { margin: 0; line-height: 1.5; overflow-wrap: break-word; }
a { color: var(--accent); }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: .5rem; z-index: 1; }
.top { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; justify-content: space-between; padding: .5rem 1rem; border-bottom: 1px solid var(--line); background: var(--soft); }
.top .product { font-weight: 700; }
.top form { margin: 0; }
.who { color: var(--muted); font-size: .875rem; }
nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin: 0; padding: .5rem 1rem; border-bottom: 1px solid var(--line); }
nav a { display: inline-block; padding: .25rem 0; min-height: 24px; }
nav a[aria-current=page] { font-weight: 700; text-decoration-thickness: 3px; }
nav.languages ul { gap: .25rem .75rem; padding: 0; border-bottom: 0; }
nav.languages a[aria-current] { color: inherit; font-weight: 700; text-decoration: none; }
main { max-width: 64rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: .5rem 0 1rem; }
h2 { font-size: 1.125rem; margin-top: 1.5rem; }
label { display: block; font-weight: 600; margin: .5rem 0 .25rem; }
input[type=email], input[type=text], input[type=password], input[type=search], select, textarea { width: 100%; max-width: 30rem; min-height: 2.5rem; padding: .5rem; font: inherit; border: 1px solid #6e7781; border-radius: .375rem; background: var(--bg); color: var(--text); }
textarea { min-height: 5rem; }
fieldset { border: 1px solid var(--line); border-radius: .5rem; padding: .5rem 1rem 1rem; margin: 0 0 1rem; max-width: 32rem; }
legend { font-weight: 700; padding: 0 .25rem; }
.choice { display: flex; gap: .5rem; align-items: center; font-weight: 400; margin: .25rem 0; }
.choice input { width: 1.25rem; height: 1.25rem; margin: 0; }
button, .button { display: inline-block; min-height: 2.5rem; padding: .5rem 1rem; font: inherit; font-weight: 600; border-radius: .375rem; border: 2px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; text-decoration: none; }
button.secondary, .button.secondary { background: var(--bg); color: var(--accent); }
button.link { background: none; border: 0; color: var(--accent); text-decoration: underline; padding: .25rem; min-height: 24px; font-weight: 400; }
button.danger, .button.danger { background: var(--danger); border-color: var(--danger); }
.actions { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1rem 0; align-items: center; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.status { border-left: 4px solid var(--accent); background: var(--soft); padding: .5rem .75rem; margin: 0 0 1rem; }
.status.error { border-left-color: var(--danger); }
.muted { color: var(--muted); }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { text-align: left; vertical-align: top; padding: .375rem .5rem; border-bottom: 1px solid var(--line); }
th { background: var(--soft); }
dl.facts { display: grid; grid-template-columns: minmax(8rem, max-content) minmax(0, 1fr); gap: .25rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
/* Long addresses in a summary line break rather than widen the page on a phone. */
details summary { overflow-wrap: anywhere; }
ol.timeline { list-style: none; padding: 0; margin: 0; border-left: 3px solid var(--line); }
ol.timeline li { margin: 0 0 1rem; padding-left: 1rem; min-width: 0; }
ol.timeline .when { color: var(--muted); font-size: .875rem; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 20rem), 1fr)); gap: 1rem; align-items: start; }
.chart { margin: 0; }
.chart svg { display: block; max-width: 100%; height: auto; }
.legend { display: flex; gap: 1rem; font-size: .875rem; }
.legend .key { display: inline-flex; gap: .25rem; align-items: center; }
.overdue { color: var(--danger); font-weight: 700; }
pre.mail { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--soft); padding: .5rem; border-radius: .375rem; }
@media (max-width: 30rem) { dl.facts { grid-template-columns: minmax(0, 1fr); } dl.facts dd { margin-bottom: .5rem; } }
`;
