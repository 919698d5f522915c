import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { ReferralThresholds } from '../sellers';
import { enforcementSellersToCsv, enforcementToCsv } from '../report/enforcement-csv';
import { readEnforcementFigures, type EnforcementFigures } from '../report/enforcement-figures';
import { reportStem } from '../report/enforcement-format';
import { enforcementToHtml } from '../report/enforcement-html';
import { CliError, configFrom, parseNumber, withStore, type GlobalOptions } from './context';

export const REPORT_FORMATS = ['html', 'csv', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportOptions extends GlobalOptions {
  campaign?: string;
  holder?: string;
  site?: string;
  item?: string;
  /** html (default), csv or json. */
  format?: string;
  /**
   * Default `<reportDir>/report-<campaign|all>.<ext>`. A CSV report writes its sellers next to it, as
   * `<name>-sellers.csv`.
   */
  out?: string;
  /**
   * Criminal-referral threshold: an amount with an optional currency, `50000`, `10000EUR`, `EUR 10000`. Default CNY
   * 50,000.
   */
  referralThreshold?: string;
  /** Top sellers listed. Default 20. */
  sellers?: string;
}

export interface ReportResult {
  format: ReportFormat;
  path: string;
  /** The sellers file of a CSV report. */
  sellersPath?: string;
  figures: EnforcementFigures;
}

/** `50000`, `50000 CNY`, `10000EUR`, `EUR 10000` → thresholds in that currency (CNY when none is named). */
export function parseReferralThreshold(value: string): ReferralThresholds {
  const m = /^\s*(?:([A-Za-z]{3})\s*)?(\d+(?:\.\d+)?)\s*([A-Za-z]{3})?\s*$/.exec(value);
  if (!m || (m[1] && m[3]))
    throw new CliError(
      `--referral-threshold: expected an amount with an optional currency (50000, 10000EUR), got "${value}"`,
    );
  const currency = (m[1] ?? m[3] ?? 'CNY').toUpperCase();
  const amount = Number(m[2]);
  return { perCurrency: { [currency]: amount }, fallback: { amount, currency } };
}

/**
 * `report`: enforcement figures for a campaign (or everything), per site,
 * holder and item, with top sellers and referral candidates, written as a
 * self-contained HTML page, CSV or JSON. Prints the path of what it wrote.
 */
export async function reportCommand(opts: ReportOptions): Promise<ReportResult> {
  const format = (opts.format ?? 'html') as ReportFormat;
  if (!REPORT_FORMATS.includes(format))
    throw new CliError(`--format: expected ${REPORT_FORMATS.join('|')}, got "${opts.format}"`);
  const referral = opts.referralThreshold === undefined ? undefined : parseReferralThreshold(opts.referralThreshold);
  const sellerLimit =
    opts.sellers === undefined ? undefined : parseNumber('--sellers', opts.sellers, { min: 1, max: 1000, int: true });
  const config = configFrom(opts);
  const filter = { campaign: opts.campaign, holderId: opts.holder, site: opts.site, itemId: opts.item };

  const { figures, holder } = await withStore(config, async (store) => {
    const unknown = await store.figures.unknownInFilter(filter);
    if (unknown) {
      const what = { campaign: 'campaign', holderId: 'holder', itemId: 'item' }[unknown.field];
      const hint =
        unknown.field === 'campaign'
          ? ' (no campaign was created, and no sweep was tagged, with that name; see `campaign list`)'
          : '';
      throw new CliError(`--${what}: no ${what} "${unknown.value}"${hint}`);
    }
    return {
      figures: await readEnforcementFigures(store, { ...filter, referral, sellerLimit }),
      holder: opts.holder ? ((await store.catalogue.holder(opts.holder))?.name ?? null) : null,
    };
  });

  const path = resolve(opts.out ?? join(config.reportDir, `${reportStem(opts.campaign)}.${format}`));
  await mkdir(dirname(path), { recursive: true });
  let sellersPath: string | undefined;
  if (format === 'html') await writeFile(path, enforcementToHtml(figures, { holderName: holder }));
  else if (format === 'json') await writeFile(path, JSON.stringify(figures, null, 2) + '\n');
  else {
    await writeFile(path, enforcementToCsv(figures));
    sellersPath = path.replace(/(\.csv)?$/i, '-sellers.csv');
    await writeFile(sellersPath, enforcementSellersToCsv(figures));
  }
  console.log(path);
  if (sellersPath) console.log(sellersPath);
  return { format, path, sellersPath, figures };
}
