/**
 * Reads a CT log from where the last run stopped to its current tree head,
 * batch by batch, handing every name to `onNames`; the position is stored
 * after each batch, so a run that stops (or a process that restarts) goes on
 * from the first entry it had not finished, never re-reading the others.
 */
import type { DiscoveryRepository } from '../../store';
import type { CtLogClient } from './client';
import { LeafFormatError, readLeaf } from './leaf';

export interface FollowOptions {
  /** Entries asked for per get-entries. Default 256 (logs cap it, often at 256 or 1000). */
  batchSize?: number;
  /** Stop after this many entries in this run (the rest waits for the next). */
  maxEntries?: number;
}

export interface FollowResult {
  log: string;
  from: number;
  to: number;
  entries: number;
  names: number;
  unreadable: number;
}

export async function followLog(
  client: CtLogClient,
  repo: Pick<DiscoveryRepository, 'ctPosition' | 'saveCtPosition'>,
  onNames: (names: { name: string; index: number }[]) => Promise<void>,
  o: FollowOptions = {},
): Promise<FollowResult> {
  const batch = o.batchSize ?? 256;
  const start = (await repo.ctPosition(client.url)).nextIndex;
  const sth = await client.getSth();
  const stop = Math.min(sth.treeSize, start + (o.maxEntries ?? Number.POSITIVE_INFINITY));
  let next = start;
  let names = 0;
  let unreadable = 0;
  while (next < stop) {
    const entries = await client.getEntries(next, Math.min(next + batch, stop) - 1);
    if (entries.length === 0) break; // the log serves nothing more yet: try again next run
    const found: { name: string; index: number }[] = [];
    entries.forEach((e, i) => {
      try {
        for (const name of readLeaf(e.leafInput).names) found.push({ name, index: next + i });
      } catch (err) {
        if (!(err instanceof LeafFormatError)) throw err;
        unreadable++;
      }
    });
    await onNames(found);
    names += found.length;
    next += entries.length;
    await repo.saveCtPosition(client.url, next, sth.treeSize, entries.length);
  }
  return { log: client.url, from: start, to: next, entries: next - start, names, unreadable };
}
