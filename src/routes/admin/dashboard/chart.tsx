// The weekly chart of opt-ins and opt-outs: an inline SVG drawn on the server (no script, no
// library), scaled to its box by its viewBox so it never makes the page scroll sideways, with
// the same figures in a table beside it for screen readers and for reading exact numbers. The
// SVG is one labelled image; the table is where the numbers are announced.
import { formatDay, formatNumber } from '../../../console/format';
import { type ConsoleLocale, fill } from '../../../console/i18n';
import { ScrollTable } from '../../../console/scroll-table';
import type { WeekCounts } from '../../../domain/dashboard';
import type { RecordsMessages } from '../records-messages';

const WIDTH = 480;
const HEIGHT = 200;
const PAD = { top: 12, right: 8, bottom: 28, left: 36 };
// Both pass 4.5:1 on white; the legend names them and the table beside holds the figures.
const IN_COLOUR = '#1d4ed8';
const OUT_COLOUR = '#b42318';

/** A round upper bound for the axis: 1, 2, 5, 10, 20, 50, … */
function axisMax(value: number): number {
  if (value <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (value <= step * magnitude) return step * magnitude;
  return 10 * magnitude;
}

export function WeeklyChart({
  id,
  label,
  weeks,
  m,
}: {
  id: string;
  label: string;
  weeks: WeekCounts[];
  m: RecordsMessages['dashboard'];
}) {
  const max = axisMax(Math.max(0, ...weeks.flatMap((w) => [w.optIns, w.optOuts])));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotW / weeks.length;
  const bar = Math.max(2, slot / 2 - 2);
  const y = (n: number) => PAD.top + plotH - (n / max) * plotH;
  const title = fill(m.chartLabel, { topic: label });
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        role="img"
        aria-labelledby={`${id}-title`}
        focusable="false"
      >
        <title id={`${id}-title`}>{title}</title>
        {(max % 2 === 0 ? [0, max / 2, max] : [0, max]).map((tick) => (
          <g>
            <line
              x1={PAD.left}
              x2={WIDTH - PAD.right}
              y1={y(tick)}
              y2={y(tick)}
              stroke="#d0d7de"
              stroke-width="1"
            />
            <text x={PAD.left - 4} y={y(tick) + 4} text-anchor="end" font-size="11" fill="#57606a">
              {String(tick)}
            </text>
          </g>
        ))}
        {weeks.map((w, i) => {
          const x = PAD.left + i * slot + 1;
          return (
            <g>
              <rect
                x={x}
                y={y(w.optIns)}
                width={bar}
                height={Math.max(0, y(0) - y(w.optIns))}
                fill={IN_COLOUR}
              />
              <rect
                x={x + bar + 1}
                y={y(w.optOuts)}
                width={bar}
                height={Math.max(0, y(0) - y(w.optOuts))}
                fill={OUT_COLOUR}
              />
              {i % 2 === weeks.length % 2 ? null : (
                <text x={x + bar} y={HEIGHT - 10} text-anchor="middle" font-size="10" fill="#57606a">
                  {w.weekStart.slice(5)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption class="legend">
        {[
          [IN_COLOUR, m.optIns],
          [OUT_COLOUR, m.optOuts],
        ].map(([colour, text]) => (
          <span class="key">
            <svg viewBox="0 0 12 12" width="12" height="12" aria-hidden="true" focusable="false">
              <rect width="12" height="12" fill={colour} />
            </svg>
            {text}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

export function WeeklyTable({
  label,
  weeks,
  m,
  locale,
}: {
  label: string;
  weeks: WeekCounts[];
  m: RecordsMessages['dashboard'];
  locale: ConsoleLocale;
}) {
  return (
    <ScrollTable head={[m.week, m.optIns, m.optOuts]} caption={fill(m.chartLabel, { topic: label })}>
      {weeks.map((w) => (
        <tr>
          <th scope="row">
            <time datetime={w.weekStart}>{formatDay(w.weekStart, locale)}</time>
          </th>
          <td>{formatNumber(w.optIns, locale)}</td>
          <td>{formatNumber(w.optOuts, locale)}</td>
        </tr>
      ))}
    </ScrollTable>
  );
}
