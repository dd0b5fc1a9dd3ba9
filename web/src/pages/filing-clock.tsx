// The statutory clock of one filing, drawn as a timeline from the receipt date: the waiting
// (review) period, the day installation is allowed, the extension limit, the answer's due date,
// and today. Each date lists the rules that produced it (the calendar's explanation).
import { t, tx } from "../i18n";
import { DateText } from "../ui";
import { Citation } from "../citation";
import type { Filing } from "../types";

const DAY = 86_400_000;
const ms = (iso: string) => Date.parse(iso + "T00:00:00Z");
const todayIso = () => new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);

export function Clock({ filing }: { filing: Filing }) {
  const deadlines = filing.deadlines ?? { items: [], notes: [] };
  const items = deadlines.items;
  if (items.length === 0 || !filing.received_on) {
    return (
      <div data-testid="clock">
        {deadlines.notes.map((n, i) => (
          <p key={i} class="small muted">
            {tx(n)}
          </p>
        ))}
      </div>
    );
  }
  const start = filing.received_on;
  const today = todayIso();
  const dates = [start, today, ...items.map((i) => i.date)].map(ms);
  const lo = Math.min(...dates);
  const hi = Math.max(...dates) + DAY;
  const frac = (iso: string) => (ms(iso) - lo) / (hi - lo);
  const pos = (iso: string) => `${(frac(iso) * 100).toFixed(2)}%`;
  // Labels past the middle open to the left of their mark, so they stay inside the box.
  const side = (iso: string) => (frac(iso) > 0.55 ? " flip" : "");
  const review = items.find((i) => i.key === "review_period_end");
  const limit = items.find((i) => i.key === "extension_limit");
  const width = (a: string, b: string) => `${(((ms(b) + DAY - ms(a)) / (hi - lo)) * 100).toFixed(2)}%`;
  const marks = [
    { key: "received", label: t("受理日", "received"), date: start },
    ...items.map((i) => ({ key: i.key, label: tx(i.label), date: i.date })),
  ];
  return (
    <div data-testid="clock">
      <div
        class="clock"
        role="img"
        aria-label={marks.map((m) => `${m.label} ${m.date}`).join("; ") + `; ${t("本日", "today")} ${today}`}
      >
        {limit && <div class="clock-band limit" style={{ left: pos(start), width: width(start, limit.date) }} />}
        {review && <div class="clock-band review" style={{ left: pos(start), width: width(start, review.date) }} />}
        {marks.map((m, i) => (
          <div key={m.key} class={`clock-mark k-${m.key}`} style={{ left: pos(m.date) }}>
            <span class={`clock-label row${i % 3}${side(m.date)}`}>
              {m.label}
              <br />
              {m.date}
            </span>
          </div>
        ))}
        <div class="clock-mark today" style={{ left: pos(today) }}>
          <span class={`clock-label row3${side(today)}`}>
            {t("本日", "today")} {today}
          </span>
        </div>
      </div>
      <ul class="deadlines">
        {items.map((d) => (
          <li key={d.key} data-deadline={d.key}>
            <details>
              <summary>
                <strong>{tx(d.label)}</strong>: <DateText iso={d.date} />
              </summary>
              <ol class="small">
                {d.rules.map((r, i) => (
                  <li key={i}>
                    {tx(r.text)} <span class="muted">（{tx(r.basis)}）</span>
                    <Citation references={r.references} />
                  </li>
                ))}
              </ol>
            </details>
          </li>
        ))}
      </ul>
      {deadlines.notes.map((n, i) => (
        <p key={i} class="small muted">
          {tx(n)}
        </p>
      ))}
    </div>
  );
}
