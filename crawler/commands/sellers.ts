import {
  blacklistSeller,
  refreshSellers,
  sellersToCsv,
  topSellers,
  topSellersToCsv,
  unblacklistSeller,
  type ReferralThresholds,
} from '../sellers';
import { CliError, configFrom, withStore, type GlobalOptions } from './context';

const pct = (n: number) => n.toFixed(2);

/** `sellers`: the repeat-infringer list (refreshed first), best-known risk first. */
export async function sellersCommand(
  o: GlobalOptions & { blacklist?: boolean; site?: string; sort?: string; format?: string },
): Promise<void> {
  const sort =
    o.sort === 'confirmed'
      ? 'confirmed'
      : o.sort === undefined || o.sort === 'score'
        ? 'score'
        : (() => {
            throw new CliError(`--sort: expected score or confirmed, got "${o.sort}"`);
          })();
  await withStore(configFrom(o), async (store) => {
    await refreshSellers(store);
    const sellers = await store.sellers.list({ blacklistedOnly: o.blacklist, site: o.site, sort });
    if (o.format === 'csv') return process.stdout.write(sellersToCsv(sellers));
    if (o.format === 'json') return console.log(JSON.stringify(sellers, null, 2));
    for (const s of sellers) {
      console.log(
        [
          pct(s.score),
          s.blacklisted ? 'BLACKLISTED' : '           ',
          `${s.site}/${s.key}`.padEnd(36),
          (s.name ?? '').padEnd(24),
          s.reasons
            .filter((r) => r.weight > 0)
            .map((r) => r.evidence)
            .join('; '),
        ].join('  '),
      );
    }
    if (!sellers.length) console.log('no sellers yet');
  });
}

export async function sellerBlacklistCommand(
  action: 'add' | 'remove',
  site: string,
  key: string,
  o: GlobalOptions & { reason?: string },
): Promise<void> {
  if (!o.reason) throw new CliError('--reason is required: the blacklist is audited');
  await withStore(configFrom(o), async (store) => {
    const actor = `cli:${process.env.USER ?? 'unknown'}`;
    const r =
      action === 'add'
        ? (await blacklistSeller(store, site, key, o.reason!, actor)).added
        : (await unblacklistSeller(store, site, key, o.reason!, actor)).removed;
    console.log(
      r
        ? `${site}/${key} ${action === 'add' ? 'blacklisted' : 'taken off the blacklist'}`
        : `${site}/${key} was ${action === 'add' ? 'already' : 'not'} on the blacklist`,
    );
  });
}

/** "CNY:50000,EUR:10000" → per-currency thresholds (the first is also the fallback). */
export function parseReferral(text: string): ReferralThresholds {
  const pairs = text.split(',').map((p) => p.trim().split(':'));
  const perCurrency: Record<string, number> = {};
  for (const [cur, amount] of pairs) {
    const n = Number(amount);
    if (!cur || !/^[A-Z]{3}$/.test(cur) || !Number.isFinite(n) || n <= 0)
      throw new CliError(`--referral: expected CUR:amount pairs like CNY:50000,EUR:10000, got "${text}"`);
    perCurrency[cur] = n;
  }
  const [firstCur, firstAmount] = pairs[0]!;
  return { perCurrency, fallback: { amount: Number(firstAmount), currency: firstCur! } };
}

export async function topSellersCommand(
  o: GlobalOptions & {
    by?: string;
    holder?: string;
    campaign?: string;
    site?: string;
    referral?: string;
    format?: string;
  },
): Promise<void> {
  if (o.by && o.by !== 'confirmed' && o.by !== 'turnover')
    throw new CliError(`--by: expected confirmed or turnover, got "${o.by}"`);
  await withStore(configFrom(o), async (store) => {
    const top = await topSellers(store, {
      by: o.by as 'confirmed' | 'turnover' | undefined,
      holderId: o.holder,
      campaign: o.campaign,
      site: o.site,
      referral: o.referral ? parseReferral(o.referral) : undefined,
    });
    if (o.format === 'csv') return process.stdout.write(topSellersToCsv(top));
    console.log(JSON.stringify(top, null, 2));
  });
}
