import type { Logger } from 'pino';
import type { Config } from '../config';
import {
  CAMPAIGN_NAME,
  CampaignSchema,
  cronProblem,
  describeSchedule,
  parseEvery,
  scheduleCampaign,
  stopCampaign,
  validTimeZone,
  type Campaign,
} from '../queue/campaigns';
import { redisConnection } from '../queue/connection';
import { Queues } from '../queue/queues';
import { openStore, type CampaignRecord, type Store } from '../store';
import { CliError, configFrom, parseNumber, withStore, type GlobalOptions } from './context';
import { resolveSite } from './site-arg';

export interface CampaignCreateOptions extends GlobalOptions {
  name: string;
  site: string;
  origin?: string[];
  /** One locale for every site, or one per site in the order of `site`. */
  locale?: string[];
  holder?: string[];
  item?: string[];
  category?: string[];
  every?: string;
  cron?: string;
  tz?: string;
  start?: string;
  end?: string;
  maxPages?: string;
}

/** Redis queues and the store, for the commands that change schedules (no fetcher: they fetch nothing). */
export async function openCampaignFleet(
  config: Config,
  logger?: Logger,
): Promise<{ queues: Queues; store: Store; close(): Promise<void> }> {
  if (!config.redisUrl)
    throw new CliError(
      'REDIS_URL is not set: campaign schedules live in Redis (e.g. REDIS_URL=redis://127.0.0.1:6379)',
    );
  if (!config.databaseUrl)
    logger?.warn('DATABASE_URL is not set: using the embedded PGlite store, which only one process may open');
  const connection = redisConnection(config.redisUrl, 'counterscan-campaign');
  connection.on('error', (err) => logger?.warn({ err: err.message }, 'redis connection error'));
  let store: Store;
  try {
    store = await openStore({
      dataDir: config.dataDir,
      databaseUrl: config.databaseUrl,
      evidenceDir: config.evidenceDir,
      evidenceStore: config.evidenceStore,
    });
  } catch (err) {
    connection.disconnect();
    throw err;
  }
  const queues = new Queues(connection, config.queuePrefix);
  return {
    queues,
    store,
    async close() {
      await queues.close();
      await store.close();
      connection.disconnect();
    },
  };
}

function parseDate(flag: string, value: string): Date {
  const d = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value.trim()) || Number.isNaN(d.getTime())) {
    throw new CliError(`${flag}: expected an ISO date such as 2025-06-01 or 2025-06-01T08:00:00Z, got "${value}"`);
  }
  return d;
}

/** The campaign the flags describe, every flag checked (nothing opened yet). */
export function campaignFromFlags(
  opts: CampaignCreateOptions,
  config: Pick<Config, 'maxSearchPages'>,
  now = Date.now(),
): Campaign {
  if (!CAMPAIGN_NAME.test(opts.name)) {
    throw new CliError(
      `--name: expected letters, digits, "_", "." or "-" (at most 48, starting with a letter or digit), got ` +
        `"${opts.name}"`,
    );
  }
  const siteArgs = opts.site
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!siteArgs.length) throw new CliError('--site: give at least one site (comma-separated for several)');
  const origins = opts.origin ?? [];
  if (origins.length && origins.length !== siteArgs.length) {
    throw new CliError(
      `--origin: got ${origins.length} for ${siteArgs.length} site${siteArgs.length === 1 ? '' : 's'}; give one ` +
        `--origin per site, in the order of --site`,
    );
  }
  const locales = opts.locale ?? [];
  if (locales.length > 1 && locales.length !== siteArgs.length) {
    throw new CliError(
      `--locale: got ${locales.length} for ${siteArgs.length} sites; give one for every site, or one per site in ` +
        `the order of --site`,
    );
  }
  const sites = siteArgs.map((s, i) => {
    const { adapter, origin } = resolveSite(s, origins[i], locales.length === 1 ? locales[0] : locales[i]);
    return { site: adapter.id, origin };
  });
  const twice = sites.find((s, i) => sites.findIndex((x) => x.site === s.site) !== i);
  if (twice) throw new CliError(`--site: ${twice.site} given twice`);

  if (opts.every !== undefined && opts.cron !== undefined)
    throw new CliError('--every and --cron: give one of them, not both');
  if (opts.every === undefined && opts.cron === undefined)
    throw new CliError('campaign create: give a schedule, --every 30m (or 90s, 2h, 1d) or --cron "0 */6 * * *"');
  let schedule: Campaign['schedule'];
  if (opts.every !== undefined) {
    const everyMs = parseEvery(opts.every);
    if (everyMs === undefined) throw new CliError(`--every: expected e.g. 30m, 90s or 2h, got "${opts.every}"`);
    if (everyMs < 1000) throw new CliError(`--every: at least 1s, got "${opts.every}"`);
    if (opts.tz !== undefined)
      throw new CliError('--tz: only with --cron (an interval does not depend on the time zone)');
    schedule = { everyMs };
  } else {
    if (opts.tz !== undefined && !validTimeZone(opts.tz))
      throw new CliError(`--tz: expected an IANA time zone such as Europe/Berlin, got "${opts.tz}"`);
    const problem = cronProblem(opts.cron!, opts.tz);
    if (problem) throw new CliError(`--cron: "${opts.cron}": ${problem}`);
    schedule = { pattern: opts.cron!.trim(), ...(opts.tz ? { tz: opts.tz } : {}) };
  }

  const startsAt = opts.start !== undefined ? parseDate('--start', opts.start) : new Date(now);
  const endsAt = opts.end !== undefined ? parseDate('--end', opts.end) : undefined;
  if (endsAt && endsAt.getTime() <= now) throw new CliError(`--end: ${endsAt.toISOString()} has already passed`);
  if (endsAt && endsAt <= startsAt)
    throw new CliError(`--end: ${endsAt.toISOString()} is not after --start ${startsAt.toISOString()}`);
  const maxSearchPages =
    opts.maxPages !== undefined
      ? parseNumber('--max-pages', opts.maxPages, { min: 1, max: 1000, int: true })
      : config.maxSearchPages;

  const parsed = CampaignSchema.safeParse({
    name: opts.name,
    sites,
    schedule,
    maxSearchPages,
    startsAt,
    endsAt,
    scope: { holders: opts.holder, items: opts.item, categories: opts.category },
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(`campaign create: ${issue?.path.join('.') || 'campaign'}: ${issue?.message}`);
  }
  return parsed.data;
}

const stamp = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')}Z`;
export const describeWindow = (c: Pick<Campaign, 'startsAt' | 'endsAt'>) =>
  c.endsAt ? `${stamp(c.startsAt)} → ${stamp(c.endsAt)}` : `from ${stamp(c.startsAt)}, no end`;

/** `campaign create`: store the campaign, then upsert its job schedulers; a scheduling failure undoes the store row. */
export async function campaignCreateCommand(opts: CampaignCreateOptions): Promise<void> {
  const config = configFrom(opts);
  const campaign = campaignFromFlags(opts, config);
  if (!config.redisUrl) {
    // One machine: the campaign is a row; `serve` sweeps it when a tick is due.
    await withStore(config, (store) => store.campaigns.create(campaign));
    console.log(
      `campaign: created ${campaign.name}: ${campaign.sites.map((s) => s.site).join(', ')}; ` +
        `${describeSchedule(campaign.schedule)}; ${describeWindow(campaign)}`,
    );
    console.log('campaign: `counterscan serve` sweeps each site when its schedule is due, while it runs');
    return;
  }
  const fleet = await openCampaignFleet(config);
  try {
    await fleet.store.campaigns.create(campaign);
    let ids: string[];
    try {
      ids = await scheduleCampaign(fleet.queues, campaign);
    } catch (err) {
      await fleet.store.campaigns.remove(campaign.name);
      throw err;
    }
    console.log(
      `campaign: created ${campaign.name}: ${campaign.sites.map((s) => s.site).join(', ')}; ` +
        `${describeSchedule(campaign.schedule)}; ${describeWindow(campaign)}; ${ids.length} ` +
        `scheduler${ids.length === 1 ? '' : 's'}`,
    );
    console.log(
      'campaign: each tick becomes a sweep while a `counterscan scheduler` process runs (and workers run the sweeps)',
    );
  } finally {
    await fleet.close();
  }
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** `campaign list`: every campaign with its schedule, window, status and figures (from the store). */
export async function campaignListCommand(opts: GlobalOptions & { json?: boolean }): Promise<void> {
  const config = configFrom(opts);
  await withStore(config, async (store) => {
    const campaigns = await store.campaigns.list();
    const figures = await store.campaigns.figures();
    const zero = { sweeps: 0, finished: 0, hits: 0 };
    if (opts.json) {
      console.log(
        JSON.stringify(
          campaigns.map((c: CampaignRecord) => ({ ...c, figures: figures.get(c.name) ?? zero })),
          null,
          2,
        ),
      );
      return;
    }
    if (!campaigns.length) {
      console.log('no campaigns (create one with `counterscan campaign create`)');
      return;
    }
    const rows = campaigns.map((c) => {
      const f = figures.get(c.name) ?? zero;
      return [
        c.name,
        c.sites.map((s) => s.site).join(','),
        describeSchedule(c.schedule),
        describeWindow(c),
        c.status,
        `${f.sweeps} (${f.finished} done)`,
        String(f.hits),
      ];
    });
    console.log(table(['name', 'sites', 'schedule', 'window', 'status', 'sweeps', 'hits'], rows));
  });
}

/** `campaign stop NAME`: marks it stopped and removes its job schedulers; later ticks are refused. */
export async function campaignStopCommand(name: string, opts: GlobalOptions): Promise<void> {
  const config = configFrom(opts);
  if (!config.redisUrl) {
    const { campaign, changed } = await withStore(config, (store) => store.campaigns.stop(name));
    if (!campaign) throw new CliError(`no campaign named "${name}"`);
    console.log(changed ? `campaign: stopped ${name}` : `campaign: ${name} was already ${campaign.status}`);
    return;
  }
  const fleet = await openCampaignFleet(config);
  try {
    const { campaign, changed, removed } = await stopCampaign(fleet.queues, fleet.store, name);
    const schedulers = `${removed} scheduler${removed === 1 ? '' : 's'} removed`;
    console.log(
      changed
        ? `campaign: stopped ${name} (${schedulers})`
        : `campaign: ${name} was already ${campaign.status} (${schedulers})`,
    );
  } finally {
    await fleet.close();
  }
}
