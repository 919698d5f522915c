/**
 * The sweep report's filters, in CSS alone: a radio group per dimension
 * (holder, site, reason, status, minimum score) and `:has()` rules that hide
 * the rows, item blocks and holder sections that do not match. Nothing runs,
 * so the report keeps its `default-src 'none'` policy and opens the same from
 * a file, a mail attachment or a server. Values become class names by index
 * (`s3`), never by their text, so no site or seller string reaches the CSS.
 */
import type { HitRow } from '../store';
import { esc } from './enforcement-charts';

/** Score bands a reviewer filters by (the row carries each band it reaches). */
const SCORE_BANDS = [0.6, 0.7, 0.8, 0.9] as const;

interface Dimension {
  key: 'h' | 's' | 'r' | 't';
  label: string;
  values: string[];
}

const bandClass = (b: number) => `q${Math.round(b * 10)}`;

/** Reasons a hit scored for: its signals that added to the score. */
export const reasonsOf = (h: HitRow) => [...new Set(h.signals.filter((s) => s.weight > 0).map((s) => s.name))];

export class ReportFilters {
  private readonly dims: Dimension[];
  private readonly index = new Map<string, number>();

  constructor(hits: readonly HitRow[]) {
    const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort((a, b) => a.localeCompare(b));
    this.dims = [
      { key: 'h', label: 'Holder', values: sorted(hits.map((h) => h.holderName)) },
      { key: 's', label: 'Site', values: sorted(hits.map((h) => h.site)) },
      { key: 'r', label: 'Reason', values: sorted(hits.flatMap(reasonsOf)) },
      { key: 't', label: 'Status', values: sorted(hits.map((h) => h.status)) },
    ];
    for (const d of this.dims) d.values.forEach((v, i) => this.index.set(`${d.key}\u0000${v}`, i));
  }

  private cls(key: Dimension['key'], value: string): string {
    return `${key}${this.index.get(`${key}\u0000${value}`)}`;
  }

  /** The classes of one hit's row: its holder, site, reasons, status and score bands. */
  row(h: HitRow): string[] {
    return [
      this.cls('h', h.holderName),
      this.cls('s', h.site),
      ...reasonsOf(h).map((r) => this.cls('r', r)),
      this.cls('t', h.status),
      ...SCORE_BANDS.filter((b) => h.score >= b).map(bandClass),
    ];
  }

  /**
   * A group's classes (an item block, a holder section): every class of its rows, so a filter hides a
   * group none of whose rows match it.
   */
  group(rows: readonly HitRow[]): string {
    return [...new Set(rows.flatMap((r) => this.row(r)))].join(' ');
  }

  /** The filter form: one radio group per dimension, "all" checked; the form's reset button clears them. */
  form(): string {
    const group = (name: string, label: string, options: [id: string, text: string][]) =>
      `<fieldset><legend>${esc(label)}</legend>${options
        .map(
          ([id, text], i) =>
            `<label><input type="radio" name="${name}" id="f-${id}"${i === 0 ? ' checked' : ''}> ${esc(text)}</label>`,
        )
        .join('')}</fieldset>`;
    const groups = this.dims
      .filter((d) => d.values.length > 1 || d.key === 'r')
      .map((d) =>
        group(d.key, d.label, [
          [`${d.key}-all`, 'all'],
          ...d.values.map((v, i): [string, string] => [`${d.key}${i}`, v.replace(/_/g, ' ')]),
        ]),
      );
    groups.push(
      group('q', 'Score', [
        ['q-all', 'any'],
        ...SCORE_BANDS.map((b): [string, string] => [bandClass(b), `≥ ${b.toFixed(1)}`]),
      ]),
    );
    const reset = '<button type="reset">Show all</button>';
    return `<form class="filters" aria-label="Filter the listings">${groups.join('')}${reset}</form>`;
  }

  /** Rules that hide what the checked filters exclude; rows, item blocks and holder sections alike. */
  css(): string {
    const rules: string[] = [];
    const hide = (id: string, cls: string) =>
      rules.push(`body:has(#f-${id}:checked) :is(tr.hit,.block,section.holder):not(.${cls}){display:none}`);
    for (const d of this.dims) d.values.forEach((_, i) => hide(`${d.key}${i}`, `${d.key}${i}`));
    for (const b of SCORE_BANDS) hide(bandClass(b), bandClass(b));
    return rules.join('\n');
  }
}
