import type { PirateSite, Scope, Store } from '../store';
import { RdapError, type RdapClient } from './rdap';
import {
  rdapAddressees,
  renderHtml,
  renderText,
  type Addressee,
  type BlockingPackage,
  type PackageDomain,
  type PackageWork,
} from './request-package';

/** No addressee at all could be found: the request cannot go anywhere. */
export class NoAddresseeError extends Error {}

/**
 * Builds and stores a site-blocking request for every domain of a pirate
 * site: RDAP abuse contacts for each (a failed look-up is reported in the
 * package, not hidden), the caller's confirmed hits on those domains as the
 * works and URLs, the reach the crawler saw, and the legal ground.
 */
export async function buildBlockingRequest(
  deps: { store: Pick<Store, 'blocking' | 'notices' | 'catalogue'>; rdap: RdapClient },
  o: {
    site: PirateSite;
    legalGround: string;
    channelIds: { id: string; role: 'access_provider' | 'regulator' }[];
    actor: string;
    scope: Scope;
    now: Date;
  },
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
    const channel = await deps.store.notices.channel(c.id);
    if (channel)
      addressees.push({
        role: c.role,
        name: channel.name,
        email: channel.email,
        for: o.site.domains.map((d) => d.domain),
        detail: null,
      });
  }
  if (!addressees.some((a) => a.email)) {
    throw new NoAddresseeError(
      `no abuse contact found for ${o.site.name}: ` +
        `${domains
          .map((d) =>
            d.lookupErrors.length ? d.lookupErrors.join('; ') : `${d.domain}: no abuse email ` + `published`,
          )
          .join('; ')}`,
    );
  }

  const rows = await deps.store.blocking.hitsOn(
    o.site.domains.map((d) => d.domain),
    o.scope.holderId,
  );
  const works = new Map<string, PackageWork>();
  for (const r of rows) {
    const w = works.get(r.itemId) ?? {
      itemId: r.itemId,
      title: r.itemTitle,
      rightsType: r.ipType,
      registrations: r.registrations.map((x) => `${x.office} ${x.number}`),
      urls: [],
    };
    w.urls.push({ url: r.url, title: r.title, evidence: r.evidence, views: r.views });
    works.set(r.itemId, w);
  }
  const holder = o.scope.holderId ? await deps.store.catalogue.holder(o.scope.holderId) : undefined;
  const pkg: BlockingPackage = {
    site: { id: o.site.id, name: o.site.name },
    date: o.now.toISOString().slice(0, 10),
    requester: holder
      ? {
          name: holder.agent?.name ?? holder.name,
          email: holder.agent?.email ?? holder.email ?? null,
          address: holder.agent?.address ?? holder.address ?? null,
        }
      : null,
    legalGround: o.legalGround,
    domains,
    works: [...works.values()],
    traffic: {
      listings: rows.length,
      views: rows.reduce((n, r) => n + (r.views ?? 0), 0),
      firstSeen: rows.map((r) => r.firstSeen).sort()[0] ?? null,
      lastSeen:
        rows
          .map((r) => r.lastSeen)
          .sort()
          .at(-1) ?? null,
    },
    addressees,
    sources: [...new Set(domains.flatMap((d) => d.contacts?.sources ?? []))],
  };
  const text = renderText(pkg);
  const html = renderHtml(pkg);
  const id = await deps.store.blocking.saveRequest({
    siteId: o.site.id,
    holderId: o.scope.holderId,
    pkg,
    text,
    html,
    actor: o.actor,
  });
  return { id, pkg, text, html };
}
