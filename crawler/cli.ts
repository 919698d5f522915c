#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { describeSettings } from './config';

// Commands load when they run: `match` need not pay for the demo sites or the store.

const program = new Command()
  .name('counterscan')
  .description('Find counterfeit and pirated listings on marketplaces and video sites, with the reasons.')
  .option('--data-dir <dir>', 'store folder (embedded PGlite and evidence); env COUNTERSCAN_DATA_DIR', undefined)
  .option('--verbose', 'print stack traces on errors')
  .addHelpText(
    'after',
    `\nSettings (environment):\n${describeSettings()
      .map((s) => `  ${s.env.padEnd(32)} ${s.default === undefined ? 'unset' : `default ${JSON.stringify(s.default)}`}`)
      .join('\n')}`,
  )
  .exitOverride();

const globals = () => program.opts<{ dataDir?: string; verbose?: boolean }>();

program
  .command('demo')
  .description('serve the demo marketplace and video site on loopback, sweep both, report hits and precision/recall')
  .option('--size <n>', 'listing pages to generate (default: the demo size)')
  .option('--seed <n>', 'generator seed', '42')
  .option('--serve', 'keep the demo sites up after the sweep, until Ctrl-C (for `verify` and the extension)')
  .option('--no-sweep', 'with --serve: only serve the sites (the data dir already holds the demo)')
  .action(async (o) => (await import('./commands/demo')).demoCommand({ ...globals(), ...o }));

program
  .command('scan')
  .description('sweep one site for the items of a catalogue')
  .requiredOption('--catalogue <file>', 'catalogue (.json or .csv)')
  .requiredOption('--site <name|url>', 'site adapter id, or a URL of a site an adapter knows')
  .option('--origin <url>', "where the site is served, when not at the adapter's own origin (mirrors, test servers)")
  .option(
    '--locale <id>',
    "the site's country store (amazon: us, uk, de, fr, jp…): its domain, search URL and currency",
  )
  .option('--max-pages <n>', 'search result pages per query')
  .option('--max-listings <n>', 'stop after this many listings')
  .option('--campaign <name>', 'tag the sweep with a campaign')
  .action(async (o) => (await import('./commands/scan')).scanCommand({ ...globals(), ...o }));

program
  .command('import')
  .description('validate a catalogue file and store it (all rows or none)')
  .argument('<file>', 'catalogue (.json or .csv)')
  .action(async (file) => (await import('./commands/import')).importCommand(file, globals()));

program
  .command('hits')
  .description('list stored hits, best first')
  .option('--status <status>', 'new|confirmed|dismissed|notice_sent|removed|rejected|relisted')
  .option('--min-score <x>', 'only hits scoring at least x (0..1)')
  .option('--limit <n>', 'at most n hits')
  .option('--format <format>', 'table|csv|json', 'table')
  .action(async (o) => (await import('./commands/hits')).hitsCommand({ ...globals(), ...o }));

program
  .command('match')
  .description('match listings (JSON lines) against a catalogue; one JSON line out per line in')
  .requiredOption('--catalogue <file>', 'catalogue (.json or .csv); only id and title are required')
  .requiredOption('--listings <file>', 'JSON lines: {"url","title",["price","currency","seller","description"]}')
  .option('--out <file>', 'write here instead of standard output')
  .option('--limit <n>', 'matches per listing', '5')
  .action(async (o) => (await import('./commands/match')).matchCommand({ ...globals(), ...o }));

program
  .command('extract')
  .description(
    'print, as JSON, how the page was classified and what it gives: a listing, or every result of a search ' +
      'page (fetched, or a saved file)',
  )
  .option('--url <url>', 'the page URL (picks the site adapter; fetched unless --file)')
  .option('--site <name|url>', 'instead of --url: the search page of this site for --query')
  .option('--query <text>', 'words to search --site for')
  .option('--locale <id>', "with --site: the site's country store (amazon: us, uk, de, jp…)")
  .option('--origin <url>', "with --site: where the site is served, when not at the adapter's own origin")
  .option('--page <n>', 'with --site: which results page')
  .option('--file <page.html>', 'read this saved page instead of fetching')
  .action(async (o) => (await import('./commands/extract')).extractCommand({ ...globals(), ...o }));

program
  .command('worker')
  .description('work the sweep, discover and listing queues (REDIS_URL; DATABASE_URL for more than one process)')
  .option('--concurrency <n>', 'jobs in flight per queue in this process')
  .option('--queues <list>', 'comma-separated: sweep,discover,listing (and verify)', 'sweep,discover,listing')
  .option('--lock-ms <n>', "a job's lock lifetime; a dead worker's jobs return after about this long")
  .action(async (o) => (await import('./commands/worker')).workerCommand({ ...globals(), ...o }));

const collect = (v: string, prev: string[] = []) => [...prev, v];
program
  .command('sweep')
  .description('queue a sweep of one site for the workers; --wait follows it to the end')
  .requiredOption('--site <name|url>', 'site adapter id, or a URL of a site an adapter knows')
  .option('--origin <url>', "where the site is served, when not at the adapter's own origin")
  .option(
    '--locale <id>',
    "the site's country store (amazon: us, uk, de, fr, jp…): its domain, search URL and currency",
  )
  .option('--catalogue <file>', 'import this catalogue first and sweep for its items')
  .option('--holder <id>', 'only this holder’s items (repeatable)', collect)
  .option('--item <id>', 'only this item (repeatable)', collect)
  .option('--category <name>', 'only items of this category (repeatable)', collect)
  .option('--campaign <name>', 'tag the sweep with a campaign')
  .option('--max-pages <n>', 'search result pages per query')
  .option('--wait', 'wait for the sweep to finish, with progress, then print its hits')
  .action(async (o) => (await import('./commands/sweep')).sweepCommand({ ...globals(), ...o }));

const campaign = program
  .command('campaign')
  .description(
    'campaigns: named, time-boxed sweeps of several sites on a schedule (run by `serve`; with REDIS_URL by ' +
      '`scheduler`)',
  );
campaign
  .command('create')
  .description(
    'store a campaign and schedule its sweeps (`serve` runs them; with REDIS_URL one job scheduler per site)',
  )
  .requiredOption('--name <name>', 'campaign name (letters, digits, _ . -)')
  .requiredOption('--site <ids>', 'site adapter ids or URLs, comma-separated')
  .option('--origin <url>', 'where a site is served (repeatable: one per site, in the order of --site)', collect)
  .option(
    '--locale <id>',
    "the sites' country store (amazon: us, uk, de…): one for every site, or repeated, one per site in the " +
      'order of --site',
    collect,
  )
  .option('--holder <id>', 'only this holder’s items (repeatable)', collect)
  .option('--item <id>', 'only this item (repeatable)', collect)
  .option('--category <name>', 'only items of this category (repeatable)', collect)
  .option('--every <interval>', 'sweep every interval: 90s, 30m, 2h, 1d')
  .option('--cron <pattern>', 'sweep on a cron pattern, e.g. "0 */6 * * *"')
  .option('--tz <zone>', 'time zone of --cron (IANA, e.g. Europe/Berlin); default UTC')
  .option('--start <iso>', 'first sweep not before this (ISO date); default now')
  .option('--end <iso>', 'no sweeps after this (ISO date); default never')
  .option('--max-pages <n>', 'search result pages per query')
  .action(async (o) => (await import('./commands/campaign')).campaignCreateCommand({ ...globals(), ...o }));
campaign
  .command('list')
  .description('campaigns with schedule, window, status, sweeps run and hits')
  .option('--json', 'as JSON')
  .action(async (o) => (await import('./commands/campaign')).campaignListCommand({ ...globals(), ...o }));
campaign
  .command('stop')
  .description('stop a campaign: remove its schedulers; ticks still in flight are refused')
  .argument('<name>', 'campaign name')
  .action(async (name) => (await import('./commands/campaign')).campaignStopCommand(name, globals()));

program
  .command('scheduler')
  .description('work the campaign queue: turn each campaign tick into a sweep, until SIGTERM/SIGINT')
  .option('--concurrency <n>', 'ticks handled at once', '2')
  .action(async (o) => (await import('./commands/scheduler')).schedulerCommand({ ...globals(), ...o }));

program
  .command('report')
  .description(
    'enforcement figures per site, holder and item, top sellers and referral candidates, as HTML, CSV or JSON',
  )
  .option('--campaign <name>', "only hits recorded by this campaign's sweeps")
  .option('--holder <id>', "only this holder's items")
  .option('--site <id>', 'only listings of this site')
  .option('--item <id>', 'only this item')
  .option('--format <format>', 'html|csv|json', 'html')
  .option(
    '--out <file>',
    'where to write; default <report dir>/report-<campaign|all>.<ext> (CSV also writes <name>-sellers.csv)',
  )
  .option(
    '--referral-threshold <amount>',
    'estimated turnover making a seller a criminal-referral candidate: 50000, 10000EUR (default CNY 50000)',
  )
  .option('--sellers <n>', 'top sellers listed (default 20)')
  .action(async (o) => {
    await (await import('./commands/report')).reportCommand({ ...globals(), ...o });
  });

program
  .command('verify')
  .description('re-fetch noticed listings and record removed / still up / relisted (audited, with time to removal)')
  .option('--site <id>', 'only listings of this site')
  .option('--hit <id>', 'only this hit (repeatable)', collect)
  .option('--force', 'check every noticed and watched hit now, whatever the intervals say')
  .option('--json', 'print the summary as JSON')
  .option('--every <interval>', 'instead: schedule it on the verify queue every 90s, 30m, 6h, 1d (REDIS_URL)')
  .option('--cron <pattern>', 'instead: schedule it on a cron pattern (REDIS_URL)')
  .option('--tz <zone>', 'time zone of --cron')
  .option('--stop', 'remove the verification schedule')
  .action(async (o) => (await import('./commands/verify')).verifyCommand({ ...globals(), ...o }));

const discover = program
  .command('discover')
  .description(
    'find new infringing sites (CT logs, look-alike domains, search results, lists, referrals) and triage them',
  );
discover
  .command('run', { isDefault: true })
  .description('read the sources, then resolve, fetch and classify every new candidate')
  .option('--catalogue <file>', 'catalogue to take brands, works and official domains from (default: the stored one)')
  .option('--no-ct', 'skip the CT logs (COUNTERSCAN_DISCOVERY_CT_LOGS)')
  .option('--no-lookalikes', 'skip look-alike domain permutations')
  .option('--search <engines>', 'search engines to query, e.g. duckduckgo or duckduckgo=http://127.0.0.1:8080')
  .option('--max-ct-entries <n>', 'entries read per log in this run')
  .option('--rdap', 'look up registrar and hosting of each candidate (RDAP)')
  .action(async (o) => (await import('./commands/discover')).discoverRunCommand({ ...globals(), ...o }));
discover
  .command('list')
  .description('the triage queue: infringing first, then by evidence score')
  .option('--status <status>', 'new|accepted|rejected|official|all', 'new')
  .option('--limit <n>', 'at most n candidates', '50')
  .option('--format <format>', 'table|json', 'table')
  .action(async (o) => (await import('./commands/discover')).discoverListCommand({ ...globals(), ...o }));
for (const decision of ['accept', 'reject', 'official'] as const) {
  discover
    .command(decision)
    .description(
      decision === 'accept'
        ? 'accept a candidate: pirate site with its mirrors, sweep queued, blocking request offered'
        : decision === 'reject'
          ? 'reject a candidate (remembered: found again, it stays rejected)'
          : "mark a candidate as official (the holder's own or authorised)",
    )
    .argument('<candidate>', 'candidate id or domain')
    .option('--reason <text>', 'why, for the audit log')
    .action(async (ref, o) =>
      (await import('./commands/discover')).discoverDecideCommand(decision, ref, { ...globals(), ...o }),
    );
}
discover
  .command('import')
  .description('import a domain list as candidates: one domain a line, or CSV domain,reason')
  .argument('<file>')
  .option('--list <name>', "the list's name, kept as the candidates' source")
  .action(async (file, o) => (await import('./commands/discover')).discoverImportCommand(file, { ...globals(), ...o }));
discover
  .command('refer')
  .description('refer a whole site (URL or domain) as a candidate')
  .argument('<url>')
  .option('--note <text>', 'why')
  .action(async (url, o) => (await import('./commands/discover')).discoverReferCommand(url, { ...globals(), ...o }));
discover
  .command('sweep')
  .description('sweep the accepted sites whose sweep is queued')
  .option('--max-listings <n>', 'stop each sweep after this many listings')
  .action(async (o) => (await import('./commands/discover')).discoverSweepCommand({ ...globals(), ...o }));

const sellers = program
  .command('sellers')
  .description('repeat infringers: sellers with confirmed hits, linked across sites, with a risk score and its reasons')
  .option('--blacklist', 'only blacklisted sellers')
  .option('--site <id>', 'only this site')
  .option('--sort <by>', 'score | confirmed', 'score')
  .option('--format <format>', 'table | csv | json', 'table')
  .action(async (o) => (await import('./commands/sellers')).sellersCommand({ ...globals(), ...o }));
sellers
  .command('blacklist')
  .description('put a seller on the blacklist (add) or take it off (remove); audited')
  .argument('<action>', 'add | remove')
  .argument('<site>', 'site id, e.g. demo-market')
  .argument('<key>', 'seller id, or name:<seller name>')
  .requiredOption('--reason <text>', 'why (kept in the audit log)')
  .action(async (action, site, key, o) => {
    if (action !== 'add' && action !== 'remove') throw new Error(`blacklist: expected add or remove, got "${action}"`);
    return (await import('./commands/sellers')).sellerBlacklistCommand(action, site, key, { ...globals(), ...o });
  });
sellers
  .command('top')
  .description(
    'top sellers by confirmed listings or estimated turnover (price × sold count), with criminal-referral candidates',
  )
  .option('--by <what>', 'confirmed | turnover', 'confirmed')
  .option('--holder <id>', 'only this holder’s hits')
  .option('--campaign <name>', 'only hits of this campaign’s sweeps')
  .option('--site <id>', 'only this site')
  .option('--referral <thresholds>', 'referral thresholds, e.g. CNY:50000,EUR:10000 (default CNY:50000)')
  .option('--format <format>', 'json | csv', 'json')
  .action(async (o) => (await import('./commands/sellers')).topSellersCommand({ ...globals(), ...o }));

program
  .command('images')
  .description('reference photos of the catalogue')
  .command('rehash')
  .description(
    'hash again every reference photo hashed by an older hash function: uploads from their kept bytes, ' +
      'URL photos fetched again (serve does this at start)',
  )
  .option('--no-fetch', 'only the uploaded photos; fetch nothing')
  .action(async (o) => (await import('./commands/images')).imagesRehashCommand({ ...globals(), ...o }));

program
  .command('serve')
  .description(
    'the one process of a machine: the review API, campaign schedules, verification and the notice outbox; ' +
      'other commands of the data dir share its embedded store while it runs',
  )
  .option('--port <n>', 'port (env COUNTERSCAN_API_PORT, default 8470)')
  .option('--host <host>', 'address to listen on (env COUNTERSCAN_API_HOST, default 127.0.0.1)')
  .action(async (o) => (await import('./commands/serve')).serveCommand({ ...globals(), ...o }));

program
  .command('db')
  .description('the PostgreSQL store of a fleet (DATABASE_URL)')
  .command('create')
  .description('create the database DATABASE_URL names if missing, and apply the migrations')
  .action(async () => (await import('./commands/db')).dbCreateCommand(globals()));

program
  .command('api')
  .description('the review API and the notice outbox only (`serve` runs campaigns and verification too)')
  .option('--port <n>', 'port (env COUNTERSCAN_API_PORT, default 8470)')
  .option('--host <host>', 'address to listen on (env COUNTERSCAN_API_HOST, default 127.0.0.1)')
  .action(async (o) => (await import('./commands/api')).apiCommand({ ...globals(), ...o }));

const token = program.command('token').description('API tokens: shown once when created, stored hashed, revocable');
token
  .command('create')
  .description('create a token and print its secret (once)')
  .requiredOption('--role <role>', 'admin | reviewer | holder')
  .option('--holder <id>', 'the holder a holder token belongs to')
  .option('--name <name>', 'who or what uses it (shown in the audit log)')
  .option('--json', 'print token and record as JSON')
  .action(async (o) => (await import('./commands/token')).tokenCreateCommand({ ...globals(), ...o }));
token
  .command('list')
  .description('tokens with role, holder, state and last use (never the secrets)')
  .option('--json', 'as JSON')
  .action(async (o) => (await import('./commands/token')).tokenListCommand({ ...globals(), ...o }));
token
  .command('revoke')
  .description('revoke a token at once')
  .argument('<id>', 'token id (tok_…)')
  .action(async (id) => (await import('./commands/token')).tokenRevokeCommand(id, globals()));

program
  .command('status')
  .description('queue counts, recent sweeps, per-host requests and error rates')
  .option('--json', 'as JSON')
  .action(async (o) => (await import('./commands/status')).statusCommand({ ...globals(), ...o }));

try {
  await program.parseAsync();
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  const e = err as Error;
  if (process.argv.includes('--verbose')) console.error(e.stack ?? e);
  else console.error(`counterscan: ${e.message.split('\n').join('\n  ')}`);
  process.exit(1);
}
