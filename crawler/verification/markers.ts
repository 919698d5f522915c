import type { PageDocument } from '../../shared/extract';
import type { SiteAdapter, UnavailableMarker } from '../../shared/sites/adapter';

const fold = (s: string) => s.normalize('NFKC').toLowerCase();

/**
 * The first of the adapter's "item unavailable" markers the page carries,
 * or undefined. Runs over the shared PageDocument, so the extension could
 * ask the same question of a live page.
 */
export function unavailableMarker(
  doc: PageDocument,
  adapter: Pick<SiteAdapter, 'unavailableMarkers'>,
): UnavailableMarker | undefined {
  for (const marker of adapter.unavailableMarkers ?? []) {
    let nodes;
    try {
      nodes = doc.root.find(marker.selector);
    } catch {
      // A bad selector in an adapter is that adapter's bug; it must not turn a live page into "removed".
      continue;
    }
    if (nodes.length === 0) continue;
    if (marker.text === undefined) return marker;
    const wanted = fold(marker.text);
    if (nodes.some((n) => fold(n.text()).includes(wanted))) return marker;
  }
  return undefined;
}

export function describeMarker(m: UnavailableMarker): string {
  return m.text === undefined
    ? `unavailable marker ${m.selector}`
    : `unavailable marker ${m.selector} containing "${m.text}"`;
}
