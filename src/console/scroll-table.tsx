// The console's tables: each sits in a region that scrolls sideways on a narrow screen (no page
// scrolls sideways at 320 px), and that region takes focus so a keyboard can scroll it too.
import type { Child } from 'hono/jsx';

export function ScrollTable(props: {
  head: string[];
  caption?: string;
  /** The id of the heading that names the table, when it has no caption. */
  labelledBy?: string;
  children: Child;
}) {
  return (
    <div class="scroll" tabindex={0}>
      <table aria-labelledby={props.labelledBy}>
        {props.caption ? <caption>{props.caption}</caption> : null}
        <thead>
          <tr>
            {props.head.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}
