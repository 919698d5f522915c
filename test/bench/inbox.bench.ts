/**
 * bench:inbox — the review API over a store at a year's volume: a throwaway
 * PostgreSQL database on 127.0.0.1:5432 loaded in bulk (generate_series, one
 * INSERT … SELECT per table, triggers off during the load and their work done
 * after in bulk) with 1,000,000 listings and 1,000,000 hits (20 holders, one
 * owning a fifth of the 2,000 items; 10 sites; 20,000 sellers; notices,
 * verifications, audit entries and a seller refresh's scores), then every
 * inbox ordering, filter and cursor, the counts, figures, enforcement figures,
 * top sellers and the audit log, asked through the real API over loopback,
 * as admin and as the holder owning a fifth. Each route: warm-up requests,
 * then BENCH_REQUESTS timed ones in a row; p99 per route. The database is
 * dropped at the end.
 *
 *   npm run bench:inbox
 *   BENCH_HITS=200000 BENCH_REQUESTS=50 npm run bench:inbox
 *   BENCH_EXPLAIN=1 npm run bench:inbox     # also prints the store's plan of each inbox query
 *
 * Prints a line per route and `bench:inbox: hits=N p99_ms_max=X slowest=ROUTE`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createApiServer } from '../../crawler/api';
import { loadConfig } from '../../crawler/config';
import { openStore, type Store } from '../../crawler/store';
import { foldMedians, foldTallies } from '../../crawler/store/tallies';

const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const HITS = Number(process.env.BENCH_HITS ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100);
const WARMUP = 5;
const HOLDERS = 20;
const ITEMS = 2000;
const SITES = 10;
const SELLERS_PER_SITE = 2000;

/** Hit n's status: 70 % new, 12 % confirmed, 8 % dismissed, 5 % noticed, 3 % removed, 1 % rejected, 1 % relisted. */
const STATUS = `CASE WHEN n % 100 < 70 THEN 'new' WHEN n % 100 < 82 THEN 'confirmed' WHEN n % 100 < 90 THEN 'dismissed'
  WHEN n % 100 < 95 THEN 'notice_sent' WHEN n % 100 < 98 THEN 'removed' WHEN n % 100 < 99 THEN 'rejected'
  ELSE 'relisted' END`;
/** Seller number s's risk score; blacklisted from 0.5, where its risk is its score. */
const SELLER_SCORE = (s: string) => `((${s} * 37) % 101 / 100.0)::real`;
/** Listing n's seller number on its site. */
const SELLER_NO = `((n / ${SITES}) % ${SELLERS_PER_SITE})`;
const LAST_CHECK = (h: string) => `CASE WHEN ${h}.status = 'notice_sent' THEN 'still_up' ELSE 'removed' END`;
const CHECKED_AT = (id: string) => `(date_trunc('hour', now()) - (${id} % 30) * interval '1 hour')`;
const cursorOf = (v: number | string, id: number) => Buffer.from(JSON.stringify({ v, id })).toString('base64url');

/** Every table the inbox, figures and sellers read, filled with one statement each. */
async function load(store: Store): Promise<void> {
  const q = (sql: string, params: unknown[] = []) => store.db.query(sql, params);
  const started = Date.now();
  await store.db.transaction(async (db) => {
    const tx = {
      query: async <T = Record<string, unknown>>(sql: string, params?: unknown[]) => {
        const t = Date.now();
        const r = await db.query<T>(sql, params);
        if (process.env.BENCH_VERBOSE) process.stderr.write(`${Date.now() - t} ms: ${sql.slice(0, 60)}\n`);
        return r;
      },
    };
    // Triggers (and foreign keys) off for the load; what the triggers keep is computed in bulk below.
    await tx.query(`SET LOCAL session_replication_role = replica`);
    // Indexes not backing a constraint are built once after the load rather than row by row.
    const { rows: dropped } = await tx.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes i
        WHERE schemaname = 'public' AND tablename IN ('listings', 'hits', 'audit_log', 'verifications')
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    );
    for (const r of dropped) await tx.query(`DROP INDEX ${r.indexname}`);
    await tx.query(`INSERT INTO holders (id, name, data)
      SELECT 'h' || lpad(g::text, 2, '0'), 'Holder ' || g, '{}'::jsonb FROM generate_series(1, ${HOLDERS}) g`);
    // h01 owns a fifth of the items; the other 19 share the rest.
    await tx.query(`INSERT INTO items (id, holder_id, ip_type, title, data)
      SELECT 'i' || lpad(g::text, 4, '0'),
             CASE WHEN g < ${ITEMS / 5} THEN 'h01' ELSE 'h' || lpad((2 + g % ${HOLDERS - 1})::text, 2, '0') END,
             'trademark', 'Item ' || g, '{}'::jsonb
        FROM generate_series(0, ${ITEMS - 1}) g`);
    // Listing n: site n % 10, seller (n / 10) % 2000 on that site, sold counter and price for turnover.
    await tx.query(`INSERT INTO listings (url, site, kind, title, price, currency, seller_id, seller_name, data,
                                          first_seen_at, last_seen_at)
      SELECT 'https://site' || (n % ${SITES}) || '.example/l/' || n, 'site' || (n % ${SITES}), 'product',
             'Listing ' || n, 10 + n % 500, 'CNY', 's' || ((n / ${SITES}) % ${SELLERS_PER_SITE}),
             'Seller ' || ((n / ${SITES}) % ${SELLERS_PER_SITE}),
             jsonb_build_object('soldCount', n % 97), now() - (n % 365) * interval '1 day', now()
        FROM generate_series(0, ${HITS - 1}) n`);
    await tx.query(`INSERT INTO sweeps (id, site, origin, started_at, finished_at)
      SELECT 'sw' || g, 'site' || g, 'bench', now() - interval '1 day', now() FROM generate_series(0, ${SITES - 1}) g`);
    // A seller's listings hit a handful of items (one or two holders); scores in thousandths, so ties abound.
    // Everything the triggers keep on a hit (holder, site, risk rank, notice and check state) is written here
    // from the same formulas the verifications, audit entries and seller scores below are made from.
    await tx.query(`INSERT INTO hits (id, listing_url, item_id, score, signals, status, sweep_id, first_seen_at,
                                      last_seen_at, updated_at, holder_id, site, risk_all, risk_own, noticed,
                                      removal_found, relist_found, checks, last_check, last_check_at, last_check_id)
      SELECT x.n, x.url, x.item_id, x.score, '[]'::jsonb, x.status, 'sw' || (x.n % ${SITES}), x.first_seen,
             now(), now(),
             i.holder_id, x.site, x.score::numeric::float8 + 0.5 * x.seller_risk,
             x.score::numeric::float8 + 0.5 * x.seller_risk, x.noticed, x.noticed AND x.status <> 'notice_sent',
             x.status = 'relisted', x.noticed::int, CASE WHEN x.noticed THEN ${LAST_CHECK('x')} END,
             CASE WHEN x.noticed THEN ${CHECKED_AT('x.n')} END, CASE WHEN x.noticed THEN x.n END
        FROM (SELECT n, 'https://site' || (n % ${SITES}) || '.example/l/' || n AS url, 'site' || (n % ${SITES}) AS site,
                     'i' || lpad(((${SELLER_NO} * 7 + n % 3) % ${ITEMS})::text, 4, '0') AS item_id,
                     round((0.3 + 0.7 * ((n::bigint * 7919) % 1000) / 1000.0)::numeric, 3)::real AS score,
                     ${STATUS} AS status,
                     ${STATUS} IN ('notice_sent', 'removed', 'relisted') AS noticed,
                     ${SELLER_SCORE(SELLER_NO)}::numeric::float8 AS seller_risk,
                     now() - (n % 365) * interval '1 day' - (n % 86400) * interval '1 second' AS first_seen
                FROM generate_series(0, ${HITS - 1}) n) x
        JOIN items i ON i.id = x.item_id`);
    await tx.query(`SELECT setval('hits_id_seq', ${HITS})`);
    // Every hit past confirmed went through an audited notice; removed ones have a check that found them gone.
    await tx.query(`INSERT INTO audit_log (at, actor, action, target, before, after, reason)
      SELECT now(), 'bench', 'hit.status', 'hit:' || id, '{"status":"confirmed"}', '{"status":"notice_sent"}', 'bench'
        FROM hits WHERE noticed`);
    await tx.query(`INSERT INTO verifications (id, hit_id, url, checked_at, http_status, outcome, reason, status_before,
                                               status_after, noticed_at, time_to_removal_ms, holder_id, site, item_id)
      SELECT id, id, listing_url, ${CHECKED_AT('id')}, CASE WHEN status = 'notice_sent' THEN 200 ELSE 404 END,
             last_check, 'bench', 'notice_sent', CASE WHEN status = 'notice_sent' THEN 'notice_sent' ELSE 'removed' END,
             now() - interval '3 days', CASE WHEN removal_found THEN 3600000 * (1 + id % 72) END,
             holder_id, site, item_id
        FROM hits WHERE noticed`);
    await tx.query(`SELECT setval('verifications_id_seq', ${HITS})`);
    // A seller refresh's result: per seller its own figures (whole view and each holder's).
    const confirmedOnly = `FILTER (WHERE h.status NOT IN ('new', 'dismissed', 'rejected'))`;
    const figures = `jsonb_build_object('own', jsonb_build_object('listings', count(*), 'hitListings', count(*),
        'confirmed', count(*) ${confirmedOnly}, 'confirmedInWindow', count(*) ${confirmedOnly},
        'removed', count(*) FILTER (WHERE h.status = 'removed'),
        'relisted', count(*) FILTER (WHERE h.status = 'relisted'),
        'soldCount', sum((l.data->>'soldCount')::int), 'views', 0, 'sites', 1,
        'turnover', jsonb_build_object('CNY',
          COALESCE(sum(l.price * (l.data->>'soldCount')::int) ${confirmedOnly}, 0))),
      'group', '{}'::jsonb, 'members', '[]'::jsonb, 'links', '[]'::jsonb, 'manual', null, 'windowDays', 90,
      'threshold', 0.5)`;
    const score = SELLER_SCORE(`min(substr(l.seller_id, 2)::int)`);
    const ranks = `count(*), count(*) ${confirmedOnly},
      COALESCE(sum(l.price * (l.data->>'soldCount')::int) ${confirmedOnly}, 0)`;
    await tx.query(`INSERT INTO seller_scores (site, seller_key, seller_name, group_id, score, reasons, blacklisted,
                                               figures, computed_at, hit_listings, confirmed, approx_turnover)
      SELECT l.site, l.seller_id, min(l.seller_name), l.site || '/' || l.seller_id, ${score}, '[]', ${score} >= 0.5,
             ${figures}, now(), ${ranks}
        FROM hits h JOIN listings l ON l.url = h.listing_url GROUP BY l.site, l.seller_id`);
    await tx.query(`INSERT INTO holder_seller_scores (holder_id, site, seller_key, seller_name, group_id, score,
                      reasons, blacklisted, figures, computed_at, hit_listings, confirmed, approx_turnover)
      SELECT h.holder_id, l.site, l.seller_id, min(l.seller_name), l.site || '/' || l.seller_id, ${score}, '[]',
             ${score} >= 0.5, ${figures}, now(), ${ranks}
        FROM hits h JOIN listings l ON l.url = h.listing_url GROUP BY h.holder_id, l.site, l.seller_id`);
    await tx.query(`INSERT INTO hit_tally_deltas
      SELECT h.holder_id, h.item_id, h.site, h.status, 1, h.noticed::int, (h.noticed AND h.removal_found)::int,
             h.relist_found::int, (h.last_check IS NOT DISTINCT FROM 'still_up')::int, h.checks
        FROM hits h`);
    // Every removal's groups marked for the kept medians, as the verifications trigger would.
    await tx.query(`INSERT INTO removal_medians_dirty
      SELECT DISTINCT d.dim, d.a, d.b FROM verifications v CROSS JOIN LATERAL (VALUES ('all', '', ''),
        ('site', v.site, ''), ('holder', v.holder_id, ''), ('holder_site', v.holder_id, v.site),
        ('item', v.item_id, v.holder_id)) d(dim, a, b)
       WHERE v.time_to_removal_ms IS NOT NULL`);
    for (const r of dropped) await tx.query(r.indexdef);
  });
  // Folded here, before VACUUM, so the timed reads do not walk a million dead delta rows.
  await foldTallies(store.db);
  await foldMedians(store.db);
  // The risk rank written above is the one the trigger would have written: checked on a sample.
  const { rows: off } = await q(`SELECT count(*)::int AS n FROM hits h TABLESAMPLE SYSTEM (1),
      LATERAL hit_seller_risk(h.listing_url, h.item_id) r
     WHERE h.risk_all <> h.score::numeric::float8 + 0.5 * COALESCE(r.whole, 0)
        OR h.risk_own <> h.score::numeric::float8 + 0.5 * COALESCE(r.own, 0)
        OR h.site <> r.site OR h.holder_id <> r.holder_id`);
  if ((off[0] as { n: number }).n > 0) throw new Error('bench load: stored risk ranks differ from hit_seller_risk');
  await q('VACUUM ANALYZE');
  // The load leaves gigabytes of dirty pages; written out now, not by the checkpointer in the
  // middle of the timed requests (where it put single 100–300 ms stalls on random routes).
  await q('CHECKPOINT');
  process.stderr.write(`bench:inbox: loaded ${HITS} hits in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

const p99 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.99) - 1)]!;
};

async function main(): Promise<void> {
  const name = `cs_bench_inbox_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const root = await mkdtemp(join(tmpdir(), 'cs-bench-inbox-'));
  let store: Store | undefined;
  try {
    store = await openStore({ dataDir: root, databaseUrl: url.toString() });
    await load(store);
    const tokens = {
      admin: (await store.tokens.create({ name: 'bench admin', role: 'admin' })).token,
      holder: (await store.tokens.create({ name: 'bench holder', role: 'holder', holderId: 'h01' })).token,
    };
    const app = await createApiServer({
      store,
      config: { ...loadConfig({}), apiOrigins: [], apiRateLimit: 10_000_000, apiAuthFailureLimit: 10_000_000 },
      logger: false,
    });
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const get = async (token: string, path: string) => {
      const res = await fetch(base + path, { headers: { authorization: `Bearer ${token}` } });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${body.slice(0, 300)}`);
      return JSON.parse(body) as { nextCursor?: string | null };
    };
    // A deep cursor: the hit 90 % down the default order.
    const { rows: deep } = await store.db.query<{ v: number; id: number }>(
      `SELECT score::numeric::float8 AS v, id::int AS id FROM hits ORDER BY score DESC, id DESC OFFSET $1 LIMIT 1`,
      [Math.floor(HITS * 0.9)],
    );
    const results: { route: string; p99: number; p50: number }[] = [];
    for (const [who, token] of Object.entries(tokens)) {
      // Page 10 of the default inbox: the cursor nine pages in.
      let cursor: string | null | undefined;
      for (let i = 0; i < 9; i++)
        cursor = (await get(token, `/v1/hits${cursor ? `?cursor=${cursor}` : ''}`)).nextCursor;
      const item = who === 'holder' ? 'i0007' : 'i1234';
      const routes: Record<string, string> = {
        'hits default': '/v1/hits',
        'hits sort=risk': '/v1/hits?sort=risk',
        'hits sort=date': '/v1/hits?sort=date',
        'hits sort=score asc': '/v1/hits?order=asc',
        'hits status=confirmed': '/v1/hits?status=confirmed',
        'hits site=site3': '/v1/hits?site=site3',
        [`hits itemId=${item}`]: `/v1/hits?itemId=${item}`,
        'hits minScore=0.9': '/v1/hits?minScore=0.9',
        'hits page 10': `/v1/hits?cursor=${cursor}`,
        'hits deep cursor (90%)': `/v1/hits?cursor=${cursorOf(deep[0]!.v, deep[0]!.id)}`,
        'hits/counts': '/v1/hits/counts',
        'hits/counts site=site3': '/v1/hits/counts?site=site3',
        figures: '/v1/figures',
        'figures/enforcement': '/v1/figures/enforcement',
        'sellers/top': '/v1/sellers/top',
        'sellers/top by=turnover': '/v1/sellers/top?by=turnover',
        ...(who === 'admin' ? { audit: '/v1/audit', 'audit action=hit.status': '/v1/audit?action=hit.status' } : {}),
      };
      for (const [label, path] of Object.entries(routes)) {
        for (let i = 0; i < WARMUP; i++) await get(token, path);
        const ms: number[] = [];
        for (let i = 0; i < REQUESTS; i++) {
          const t = performance.now();
          await get(token, path);
          ms.push(performance.now() - t);
        }
        const route = `${who} ${label}`;
        const r = { route, p99: p99(ms), p50: [...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)]! };
        results.push(r);
        console.log(`bench:inbox route="${route}" p50_ms=${r.p50.toFixed(1)} p99_ms=${r.p99.toFixed(1)}`);
      }
    }
    if (process.env.BENCH_EXPLAIN) await explain(store);
    await app.close();
    const slowest = results.reduce((a, b) => (b.p99 > a.p99 ? b : a));
    console.log(
      `bench:inbox: hits=${HITS} p99_ms_max=${slowest.p99.toFixed(1)} slowest="${slowest.route}" ` +
        `load=${loadavg()[0]!.toFixed(1)}`,
    );
  } finally {
    await store?.close();
    if (process.env.BENCH_KEEP_DB) console.log(`bench:inbox: kept database ${url.toString()}`);
    else await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    await rm(root, { recursive: true, force: true });
  }
}

/** The plans of the inbox's main orderings (admin scope), for the README's record. */
async function explain(store: Store): Promise<void> {
  const base = `FROM hits h JOIN hit_listings l ON l.hit_id = h.id JOIN items i ON i.id = h.item_id`;
  for (const sql of [
    `SELECT h.id ${base} ORDER BY h.score DESC, h.id DESC LIMIT 50`,
    `SELECT h.id ${base} WHERE (h.score, h.id) < (0.35::real, 5000::bigint) ORDER BY h.score DESC, h.id DESC LIMIT 50`,
    `SELECT h.id ${base} ORDER BY h.risk_all DESC, h.id DESC LIMIT 50`,
    `SELECT h.id ${base} WHERE l.site = 'site3' ORDER BY h.score DESC, h.id DESC LIMIT 50`,
    `SELECT h.id ${base} WHERE h.status = 'confirmed' ORDER BY h.score DESC, h.id DESC LIMIT 50`,
    `SELECT h.id ${base} WHERE h.item_id = 'i1234' ORDER BY h.score DESC, h.id DESC LIMIT 50`,
  ]) {
    const { rows } = await store.db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`);
    console.log(`\n${sql}\n${rows.map((r) => r['QUERY PLAN']).join('\n')}`);
  }
}

await main();
