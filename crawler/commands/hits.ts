import { HitStatusSchema } from '../../shared/model';
import { hitsTable, hitsToCsv } from '../report';
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
  const hits = await withStore(configFrom(opts), (store) => store.hits.list({ status: status?.data, minScore, limit }));
  if (opts.format === 'json') process.stdout.write(JSON.stringify(hits, null, 2) + '\n');
  else if (opts.format === 'csv') process.stdout.write(hitsToCsv(hits));
  else console.log(hitsTable(hits, limit ?? 50));
}
