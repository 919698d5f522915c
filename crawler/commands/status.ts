import { HostStats } from '../queue/host-stats';
import { configFrom, type GlobalOptions } from './context';
import { openFleet } from './fleet';

/**
 * `status`: queue counts, recent sweeps and their progress, and per-host request, error and block figures for the
 * fleet.
 */
export async function statusCommand(opts: GlobalOptions & { json?: boolean }): Promise<void> {
  const config = configFrom(opts);
  const fleet = await openFleet(config, { withStore: false });
  try {
    const counts = await fleet.queues.counts();
    const sweeps = await Promise.all(
      (await fleet.queues.tracker.recent(10)).map((id) => fleet.queues.tracker.progress(id)),
    );
    const hosts = await new HostStats(fleet.queues.connection, fleet.queues.prefix).read();
    if (opts.json) {
      console.log(JSON.stringify({ queues: counts, sweeps, hosts }, null, 2));
      return;
    }
    console.log('queue       waiting  active  delayed  completed  failed');
    for (const [name, c] of Object.entries(counts)) {
      console.log(
        `${name.padEnd(10)} ${String(c.waiting ?? 0).padStart(8)} ${String(c.active ?? 0).padStart(7)} ` +
          `${String(c.delayed ?? 0).padStart(8)} ${String(c.completed ?? 0).padStart(10)} ` +
          `${String(c.failed ?? 0).padStart(7)}`,
      );
    }
    console.log('\nrecent sweeps');
    for (const s of sweeps) {
      const state = s.meta.finishedAt ? `finished ${s.meta.finishedAt}` : `${s.done}/${s.jobs} jobs done`;
      console.log(`  ${s.sweepId}  ${state}  ${JSON.stringify(s.outcomes)}`);
    }
    console.log('\nhosts                    requests  errors  error rate  blocked  block rate');
    for (const h of hosts) {
      console.log(
        `  ${h.host.padEnd(22)} ${String(h.requests).padStart(8)} ${String(h.errors).padStart(7)}  ` +
          `${`${(h.errorRate * 100).toFixed(1)}%`.padStart(10)}  ${String(h.blocked).padStart(7)}  ` +
          `${`${(h.blockRate * 100).toFixed(1)}%`.padStart(10)}`,
      );
    }
  } finally {
    await fleet.close();
  }
}
