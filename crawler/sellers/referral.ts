import { convert, DEFAULT_RATES_PER_USD } from '../../shared/match/fx';
import { round2 } from './risk';

/**
 * When a seller's estimated turnover (price × sold count of its confirmed
 * listings) makes it a candidate for a criminal referral. Thresholds are
 * per currency; a currency without one is judged against `fallback`,
 * converted at `rates`. The turnover across currencies, converted to the
 * fallback's currency, is checked too, so a seller splitting sales between
 * CNY and USD listings is not missed. Converted figures are approximate and
 * the reasons say so.
 */
export interface ReferralThresholds {
  /** Amount per currency code, e.g. `{ CNY: 50000, EUR: 10000 }`. */
  perCurrency: Record<string, number>;
  /** For currencies not listed, and for the cross-currency total. */
  fallback: { amount: number; currency: string };
  /** Units per US dollar. Default: the matcher's table (shared/match/fx). */
  rates?: Record<string, number>;
}

/**
 * Default: CNY 50,000 of sales. Under PRC Criminal Law Art. 214 (selling
 * goods bearing a counterfeit registered trademark) the SPC/SPP
 * interpretation on IP crimes (法释〔2025〕5号, Art. 5; 50,000 yuan already in
 * the 2004 one) counts sales of 50,000 yuan or more (or illegal gains of
 * 30,000) as "relatively large". Turnover here is an estimate from the
 * sites' own sold counters, so it flags candidates for a lawyer to look at,
 * nothing more. Other jurisdictions have no single figure: configure them.
 */
export const DEFAULT_REFERRAL_THRESHOLDS: ReferralThresholds = {
  perCurrency: { CNY: 50_000 },
  fallback: { amount: 50_000, currency: 'CNY' },
};

export interface ReferralVerdict {
  referralCandidate: boolean;
  /** Why it is a candidate ("CNY 62,400 ≥ CNY 50,000"); empty when it is not. */
  reasons: string[];
  /**
   * Turnover in all currencies converted to the fallback's currency (approximate); null when a currency has no rate.
   */
  approxTotal: { amount: number; currency: string } | null;
}

const money = (amount: number, currency: string) =>
  `${currency} ${amount.toLocaleString('en-US', { maximumFractionDigits: 2 })}`;

export function referralVerdict(
  turnover: Readonly<Record<string, number>>,
  t: ReferralThresholds = DEFAULT_REFERRAL_THRESHOLDS,
): ReferralVerdict {
  const rates = t.rates ?? DEFAULT_RATES_PER_USD;
  const reasons: string[] = [];
  let total = 0;
  let totalKnown = true;
  for (const [currency, amount] of Object.entries(turnover).sort(([a], [b]) => a.localeCompare(b))) {
    if (!(amount > 0)) continue;
    const inFallback = convert(amount, currency, t.fallback.currency, rates);
    if (inFallback === undefined) totalKnown = false;
    else total += inFallback;
    const own = t.perCurrency[currency];
    if (own !== undefined) {
      if (amount >= own) reasons.push(`${money(amount, currency)} ≥ ${money(own, currency)}`);
    } else if (inFallback !== undefined && inFallback >= t.fallback.amount) {
      reasons.push(
        `${money(amount, currency)} ≈ ${money(round2(inFallback), t.fallback.currency)} ≥ ` +
          `${money(t.fallback.amount, t.fallback.currency)}`,
      );
    }
  }
  const approxTotal = totalKnown ? { amount: round2(total), currency: t.fallback.currency } : null;
  const currencies = Object.values(turnover).filter((v) => v > 0).length;
  if (reasons.length === 0 && currencies > 1 && approxTotal && approxTotal.amount >= t.fallback.amount) {
    reasons.push(
      `all currencies ≈ ${money(approxTotal.amount, approxTotal.currency)} ≥ ` +
        `${money(t.fallback.amount, t.fallback.currency)}`,
    );
  }
  return { referralCandidate: reasons.length > 0, reasons, approxTotal };
}
