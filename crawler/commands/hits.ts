import { HitStatusSchema } from '../../shared/model';
import { HITS_CSV_HEADER, hitsCsvRows, hitsTable, hitsToCsv } from '../report';
import { HIT_LIST_CAP } from '../store';
import { CliError, configFrom, parseNumber, withStore, type GlobalOptions } from './context';

export interface HitsOptions extends GlobalOptions {
  status?: string;
  minScore?: string;
  format: string;
  limit?: string;
}

export async function hitsCommand(opts: HitsOptions): Promise<void> {
  const status = opts.status === undefined ? undefined : HitStatusSchema.safeParse(opts.status);
  if (status && !status.success)
    throw new CliError(`--status: expected one of ${HitStatusSchema.options.join('|')}, got "${opts.status}"`);
  if (!['table', 'csv', 'json'].includes(opts.format))
    throw new CliError(`--format: expected table|csv|json, got "${opts.format}"`);
  const minScore =
    opts.minScore === undefined ? undefined : parseNumber('--min-score', opts.minScore, { min: 0, max: 1 });
  const limit = opts.limit === undefined ? undefined : parseNumber('--limit', opts.limit, { min: 1, int: true });
  const filter = { status: status?.data, minScore };
  if (opts.format === 'csv' && limit === undefined) {
    // Every hit, streamed page by page: no cap, bounded memory.
    await withStore(configFrom(opts), async (store) => {
      process.stdout.write(HITS_CSV_HEADER);
      for await (const page of store.hits.pages(filter)) await write(hitsCsvRows(page));
    });
    return;
  }
  const hits = await withStore(configFrom(opts), (store) => store.hits.list({ ...filter, limit }));
  if (limit === undefined && hits.length === HIT_LIST_CAP && opts.format === 'json')
    process.stderr.write(
      `hits: stopped at ${HIT_LIST_CAP.toLocaleString('en-US')} hits; ` +
        '--format csv streams every hit, --limit N sets the count\n',
    );
  if (opts.format === 'json') process.stdout.write(JSON.stringify(hits, null, 2) + '\n');
  else if (opts.format === 'csv') process.stdout.write(hitsToCsv(hits));
  else console.log(hitsTable(hits, limit ?? 50));
}

/** Writes to stdout, waiting when its buffer is full (a slow pipe holds the reader back, not memory). */
function write(chunk: string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(chunk, (err) => (err ? reject(err) : resolve())));
}
