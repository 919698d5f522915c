/**
 * npm run bench:discovery — discovery end to end over the simulated internet
 * (test/integration/helpers/discovery-sim): a CT log with thousands of
 * certificates, a DNS server, the candidate sites and a search engine on
 * loopback. Prints the figure line and where it went wrong, if it did.
 */
import { openStore } from '../../crawler/store';
import { discoverOnce, figureLine, startSimulation } from '../integration/helpers/discovery-sim/simulate';

const unrelated = Number(process.env.DISCOVERY_UNRELATED_CERTS ?? 5000);
const started = performance.now();
const sim = await startSimulation({ unrelatedCerts: unrelated });
const store = await openStore({ dataDir: 'memory://' });
try {
  const built = performance.now();
  const f = await discoverOnce(sim, store);
  const secs = (performance.now() - built) / 1000;
  const ct = f.summary.ct[0]!;
  console.log(
    `discovery: ct_entries=${ct.entries} ct_names=${ct.names} lookalikes=${f.summary.lookalikes?.generated} ` +
      `resolved=${f.summary.lookalikes?.resolved} dns_queries=${sim.resolver.queries} checked=${f.summary.checked} ` +
      `seconds=${secs.toFixed(1)} (world built in ${((built - started) / 1000).toFixed(1)} s)`,
  );
  if (f.falsePositives.length) console.log(`discovery: false positives: ${f.falsePositives.join('; ')}`);
  if (f.missed.length) console.log(`discovery: missed: ${f.missed.join('; ')}`);
  console.log(figureLine(f));
} finally {
  await store.close();
  await sim.close();
}
