/**
 * Rough units of each currency per US dollar, to compare a listing's price
 * with a reference price in another currency. The price signal only asks
 * "far under the reference?", so rates a few percent off change nothing;
 * a deployment can pass its own table to the matcher.
 */
export const DEFAULT_RATES_PER_USD: Record<string, number> = {
  USD: 1,
  EUR: 0.92,
  GBP: 0.79,
  CNY: 7.2,
  JPY: 150,
  HKD: 7.8,
  TWD: 32,
  KRW: 1350,
  INR: 83,
  RUB: 90,
  BRL: 5.0,
  CAD: 1.36,
  AUD: 1.52,
  CHF: 0.88,
  SGD: 1.34,
  MYR: 4.7,
  THB: 36,
  VND: 24500,
  IDR: 15700,
  PHP: 56,
  MXN: 17,
  TRY: 32,
  PLN: 4.0,
  SEK: 10.5,
  NOK: 10.7,
  DKK: 6.9,
  CZK: 23,
  HUF: 360,
  UAH: 40,
  ZAR: 18.5,
  AED: 3.67,
  SAR: 3.75,
  ILS: 3.7,
  NZD: 1.65,
  ARS: 900,
  CLP: 930,
  COP: 3900,
  PEN: 3.7,
  NGN: 1500,
  EGP: 48,
  PKR: 280,
  BDT: 117,
  KZT: 470,
  BYN: 3.2,
  RON: 4.6,
  BGN: 1.8,
};

export function convert(amount: number, from: string, to: string, rates = DEFAULT_RATES_PER_USD): number | undefined {
  if (from === to) return amount;
  const f = rates[from];
  const t = rates[to];
  if (f === undefined || t === undefined) return undefined;
  return (amount / f) * t;
}
