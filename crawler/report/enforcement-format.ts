/** How the enforcement report writes durations, rates and money for a person to read. */

const MIN = 60_000;
const HOUR = 60 * MIN;

/**
 * A duration in the two largest units that matter: "45 s", "12 min",
 * "3 h 20 min", "2 d 4 h"; "—" for none. Rounded to the smaller unit shown.
 */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const abs = Math.max(0, ms);
  if (abs < MIN - 500) return `${Math.round(abs / 1000)} s`;
  const minutes = Math.round(abs / MIN);
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 24 * 60) {
    const m = minutes % 60;
    return `${Math.floor(minutes / 60)} h${m ? ` ${m} min` : ''}`;
  }
  const hours = Math.round(abs / HOUR);
  const h = hours % 24;
  return `${Math.floor(hours / 24)} d${h ? ` ${h} h` : ''}`;
}

/** 0.857 → "85.7 %"; whole numbers without decimals ("50 %"). */
export function formatPercent(rate: number): string {
  const pct = Math.round(rate * 1000) / 10;
  return `${pct.toLocaleString('en-US', { maximumFractionDigits: 1 })} %`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatMoney(amount: number, currency: string): string {
  return `${currency} ${amount.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 2 })}`;
}

/** Turnover per currency, largest first: "CNY 62,400; USD 1,200"; "—" when none. */
export function formatTurnover(turnover: Readonly<Record<string, number>>): string {
  const parts = Object.entries(turnover)
    .filter(([, v]) => v > 0)
    .sort(([ca, a], [cb, b]) => b - a || ca.localeCompare(cb))
    .map(([c, v]) => formatMoney(v, c));
  return parts.length ? parts.join('; ') : '—';
}

/** A report's file name stem: `report-<campaign>` or `report-all`, safe on any file system. */
export function reportStem(campaign: string | null | undefined): string {
  return `report-${campaign ? campaign.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^\.+/, '_') : 'all'}`;
}
