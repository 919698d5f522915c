import type { Scope, Store } from '../../store';
import type { NoticeRepository } from '../notices';
import { RdapError, type RdapClient } from '../rdap';
import type { BlockingRepository, PirateSite } from './blocking-repo';
import { rdapAddressees, renderHtml, renderText, type Addressee, type BlockingPackage, type PackageDomain, type PackageWork } from './request-package';
import { isoUtc } from '../../store/sql';

/** No addressee at all could be found: the request cannot go anywhere. */
export class NoAddresseeError extends Error {}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Builds and stores a site-blocking request for every domain of a pirate
 * site: RDAP abuse contacts for each (a failed look-up is reported in the
 * package, not hidden), the caller's confirmed hits on those domains as the
 * works and URLs, the reach the crawler saw, and the legal ground.
 */
export async function buildBlockingRequest(
  deps: { store: Store; blocking: BlockingRepository; notices: NoticeRepository; rdap: RdapClient },
  o: { site: PirateSite; legalGround: string; channelIds: { id: string; role: 'access_provider' | 'regulator' }[]; actor: string; scope: Scope; now: Date },
): Promise<{ id: number; pkg: BlockingPackage; text: string; html: string }> {
  const domains: PackageDomain[] = [];
  for (const d of o.site.domains) {
    try {
      const contacts = await deps.rdap.siteAbuseContacts(d.domain);
      domains.push({ ...d, contacts, lookupErrors: contacts.problems.map((p) => p.message) });
    } catch (e) {
      if (!(e instanceof RdapError)) throw e;
      domains.push({ ...d, contacts: null, lookupErrors: [e.message] });
    }
  }
  const addressees: Addressee[] = rdapAddressees(domains);
  for (const c of o.channelIds) {
    const channel = await deps.notices.channel(c.id);
    if (channel) addressees.push({ role: c.role, name: channel.name, email: channel.email, for: o.site.domains.map((d) => d.domain), detail: null });
  }
  if (!addressees.some((a) => a.email)) {
    throw new NoAddresseeError(`no abuse contact found for ${o.site.name}: ${domains.map((d) => (d.lookupErrors.length ? d.lookupErrors.join('; ') : `${d.domain}: no abuse email published`)).join('; ')}`);
  }

  const patterns = o.site.domains.map((d) => `^https?://([^/]*\\.)?${escapeRe(d.domain)}(:[0-9]+)?(/|$)`);
  const { rows } = await deps.store.db.query<{ hitId: number; url: string; title: string; itemId: string; itemTitle: string; ipType: string; registrations: { number: string; office: string }[]; views: number | null; firstSeen: string; lastSeen: string; evidence: { sha256: string; capturedAt: string }[] }>(
    `SELECT h.id::int AS "hitId", h.listing_url AS url, l.title, h.item_id AS "itemId", i.title AS "itemTitle", i.ip_type AS "ipType",
            COALESCE(i.data->'registrations', '[]'::jsonb) AS registrations, (l.data->>'views')::int AS views,
            ${isoUtc('h.first_seen_at')} AS "firstSeen",
            ${isoUtc('h.last_seen_at')} AS "lastSeen",
            COALESCE((SELECT json_agg(json_build_object('sha256', e.sha256, 'capturedAt', ${isoUtc('e.captured_at')}) ORDER BY e.sha256)
               FROM evidence e WHERE e.sha256 IN (SELECT sha256 FROM hit_evidence WHERE hit_id = h.id) OR e.sha256 = h.evidence_sha256), '[]'::json) AS evidence
       FROM hits h JOIN hit_listings l ON l.hit_id = h.id JOIN items i ON i.id = h.item_id
      WHERE l.url ~* ANY($1::text[]) AND h.status IN ('confirmed', 'notice_sent', 'relisted', 'rejected')
        AND ($2::text IS NULL OR i.holder_id = $2)
      ORDER BY i.id, h.listing_url`,
    [patterns, o.scope.holderId],
  );
  const works = new Map<string, PackageWork>();
  for (const r of rows) {
    const w = works.get(r.itemId) ?? { itemId: r.itemId, title: r.itemTitle, rightsType: r.ipType, registrations: r.registrations.map((x) => `${x.office} ${x.number}`), urls: [] };
    w.urls.push({ url: r.url, title: r.title, evidence: r.evidence, views: r.views });
    works.set(r.itemId, w);
  }
  const holder = o.scope.holderId ? await deps.store.catalogue.holder(o.scope.holderId) : undefined;
  const pkg: BlockingPackage = {
    site: { id: o.site.id, name: o.site.name },
    date: o.now.toISOString().slice(0, 10),
    requester: holder ? { name: holder.agent?.name ?? holder.name, email: holder.agent?.email ?? holder.email ?? null, address: holder.agent?.address ?? holder.address ?? null } : null,
    legalGround: o.legalGround,
    domains,
    works: [...works.values()],
    traffic: {
      listings: rows.length,
      views: rows.reduce((n, r) => n + (r.views ?? 0), 0),
      firstSeen: rows.map((r) => r.firstSeen).sort()[0] ?? null,
      lastSeen: rows.map((r) => r.lastSeen).sort().at(-1) ?? null,
    },
    addressees,
    sources: [...new Set(domains.flatMap((d) => d.contacts?.sources ?? []))],
  };
  const text = renderText(pkg);
  const html = renderHtml(pkg);
  const id = await deps.blocking.saveRequest({ siteId: o.site.id, holderId: o.scope.holderId, pkg, text, html, actor: o.actor });
  return { id, pkg, text, html };
}
