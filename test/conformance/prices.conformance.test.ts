// Conformance: scrapinghub/price-parser's own examples (../shared/data/prices), read at run time.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { currencyCode, parsePrice } from '../../shared/extract/price';
import { readSharedJson } from './shared-data';

const Row = z.object({
  price_raw: z.string().nullable(),
  currency_raw: z.string().nullable(),
  currency: z.string().nullable(),
  amount_text: z.string().nullable(),
  amount_float: z.union([z.number(), z.string()]).nullable(),
});
type Row = z.infer<typeof Row>;
const Examples = z.object({ groups: z.record(z.string(), z.array(Row)) });

const examples = Examples.parse(readSharedJson('prices/price_parser_examples.json'));

/** The groups that price-parser itself gets right. */
const PASSING_GROUPS = [
  'PRICE_PARSING_EXAMPLES',
  'PRICE_PARSING_EXAMPLES_2',
  'PRICE_PARSING_EXAMPLES_3',
  'PRICE_PARSING_EXAMPLES_NEW',
  'PRICE_PARSING_EXAMPLES_BUGS_CAUGHT',
  'PRICE_PARSING_EXAMPLES_NO_CURRENCY',
];

interface Score {
  amount: number;
  amountN: number;
  currency: number;
  currencyN: number;
}

/** Rows with an expected amount; currency judged where the expected one maps to ISO 4217. */
function score(rows: Row[]): Score {
  const s: Score = { amount: 0, amountN: 0, currency: 0, currencyN: 0 };
  for (const row of rows) {
    if (row.amount_float === null) continue;
    const expected = Number(row.amount_float);
    const got = parsePrice(row.price_raw, row.currency_raw);
    s.amountN++;
    if (got.amount !== undefined && Math.abs(got.amount - expected) <= 1e-6 * Math.max(1, Math.abs(expected)))
      s.amount++;
    const code = row.currency === null ? undefined : currencyCode(row.currency);
    if (code === undefined) continue;
    s.currencyN++;
    if (got.currency === code) s.currency++;
  }
  return s;
}

const pct = (ok: number, n: number) => (n ? (100 * ok) / n : 0);
const report = (s: Score) =>
  `amount ${pct(s.amount, s.amountN).toFixed(1)}% (n=${s.amountN}) currency ` +
  `${pct(s.currency, s.currencyN).toFixed(1)}% (n=${s.currencyN})`;

describe('price-parser examples', () => {
  it('has the groups this test expects', () => {
    for (const g of [...PASSING_GROUPS, 'PRICE_PARSING_EXAMPLES_XFAIL_CURRENCIES_TO_BE_ADDED']) {
      expect(examples.groups[g], g).toBeDefined();
    }
  });

  it('parses at least 95% of amounts and currencies', () => {
    const s = score(PASSING_GROUPS.flatMap((g) => examples.groups[g] ?? []));
    console.log(`prices: ${report(s)}`);
    expect(s.amountN).toBeGreaterThan(1000);
    expect(pct(s.amount, s.amountN)).toBeGreaterThanOrEqual(95);
    expect(pct(s.currency, s.currencyN)).toBeGreaterThanOrEqual(95);
  });

  it('measures the currencies price-parser lacks (yuan, yen, ...)', () => {
    const s = score(examples.groups['PRICE_PARSING_EXAMPLES_XFAIL_CURRENCIES_TO_BE_ADDED'] ?? []);
    console.log(`prices (currencies to be added): ${report(s)}`);
    expect(s.amountN).toBeGreaterThan(0);
  });
});
