/**
 * A site-blocking request package: the site and every domain it answers on
 * (mirrors with the reason each is linked), the works and the infringing URLs
 * with their evidence, what the crawler saw of its reach, the legal ground,
 * and whom it is addressed to — registrar and host abuse desks from RDAP,
 * access providers or a regulator from the configured channels.
 */
import { escapeHtml } from '../../shared/notices';
import type { SiteAbuseContacts } from './rdap';

export interface PackageDomain {
  domain: string;
  role: 'primary' | 'mirror';
  reasons: { signal: string; detail: string }[];
  contacts: SiteAbuseContacts | null;
  /** RDAP look-ups that failed for this domain (registrar, or some hosts), each naming its URL. */
  lookupErrors: string[];
}

export interface PackageWork {
  itemId: string;
  title: string;
  rightsType: string;
  registrations: string[];
  urls: { url: string; title: string; evidence: { sha256: string; capturedAt: string }[]; views: number | null }[];
}

export interface Addressee {
  role: 'registrar' | 'host' | 'access_provider' | 'regulator';
  name: string | null;
  email: string | null;
  /** Which domain or address this addressee answers for. */
  for: string[];
  detail: string | null;
}

export interface BlockingPackage {
  site: { id: number; name: string };
  date: string;
  requester: { name: string; email: string | null; address: string | null } | null;
  legalGround: string;
  domains: PackageDomain[];
  works: PackageWork[];
  traffic: { listings: number; views: number; firstSeen: string | null; lastSeen: string | null };
  addressees: Addressee[];
  sources: string[];
}

/** Registrar and host abuse desks, one addressee per distinct contact, naming the domains and addresses each serves. */
export function rdapAddressees(domains: PackageDomain[]): Addressee[] {
  const byKey = new Map<string, Addressee>();
  const add = (a: Addressee) => {
    const key = `${a.role}|${a.email ?? a.name}`;
    const seen = byKey.get(key);
    if (seen) seen.for = [...new Set([...seen.for, ...a.for])];
    else byKey.set(key, a);
  };
  for (const d of domains) {
    const r = d.contacts?.registrar;
    if (r)
      add({
        role: 'registrar',
        name: r.name,
        email: r.abuse.email,
        for: [d.domain],
        detail: r.ianaId
          ? `IANA Registrar ID ${r.ianaId}${r.abuse.phone ? `, abuse phone ${r.abuse.phone}` : ''}`
          : r.abuse.phone,
      });
    for (const h of d.contacts?.hosts ?? []) {
      add({
        role: 'host',
        name: h.network.name,
        email: h.abuse.email,
        for: [`${d.domain} (${h.ip})`],
        detail: [h.network.handle, h.network.country].filter(Boolean).join(', ') || null,
      });
    }
  }
  return [...byKey.values()];
}

export function renderText(p: BlockingPackage): string {
  const lines: string[] = [];
  lines.push(`SITE-BLOCKING REQUEST — ${p.site.name}`, `Date: ${p.date}`, '');
  if (p.requester)
    lines.push(
      `Requested by: ` +
        `${p.requester.name}${
          p.requester.email ? ` ` + `<${p.requester.email}>` : ''
        }${p.requester.address ? `, ${p.requester.address}` : ''}`,
      '',
    );
  lines.push('Addressed to:');
  for (const a of p.addressees)
    lines.push(
      `  - ${a.role.replace('_', ' ')}: ${a.name ?? '(name not published)'}${a.email ? ` <${a.email}>` : ''} — for ` +
        `${a.for.join(', ')}${a.detail ? ` (${a.detail})` : ''}`,
    );
  lines.push('', 'Domains of the site:');
  for (const d of p.domains) {
    lines.push(
      `  - ${d.domain} ` +
        `(${d.role})${d.reasons.length ? `: ${d.reasons.map((r) => `${r.signal}: ${r.detail}`).join('; ')}` : ''}`,
    );
    for (const err of d.lookupErrors) lines.push(`    RDAP look-up failed: ${err}`);
  }
  lines.push('', 'Legal ground:', `  ${p.legalGround}`, '', 'Works and infringing locations:');
  for (const w of p.works) {
    lines.push(`  ${w.title} (${w.rightsType}${w.registrations.length ? `; ${w.registrations.join(', ')}` : ''})`);
    for (const u of w.urls) {
      lines.push(`    - ${u.url}${u.views !== null ? ` (${u.views} views)` : ''}`);
      for (const e of u.evidence) lines.push(`      evidence SHA-256 ${e.sha256}, captured ${e.capturedAt}`);
    }
  }
  lines.push(
    '',
    `Reach seen by the crawler: ${p.traffic.listings} infringing pages, ${p.traffic.views} views, first seen ` +
      `${p.traffic.firstSeen ?? 'n/a'}, last seen ${p.traffic.lastSeen ?? 'n/a'}.`,
  );
  if (p.sources.length) lines.push('', 'Contact data from RDAP:', ...p.sources.map((s) => `  ${s}`));
  return lines.join('\n');
}

/** The same content as HTML; every value is escaped (titles and pages are the pirate site's words). */
export function renderHtml(p: BlockingPackage): string {
  const e = escapeHtml;
  const li = (xs: string[]) => `<ul>${xs.map((x) => `<li>${x}</li>`).join('')}</ul>`;
  return [
    `<h1>Site-blocking request — ${e(p.site.name)}</h1><p>Date: ${e(p.date)}</p>`,
    p.requester
      ? `<p>Requested by: ${e(p.requester.name)}${p.requester.email ? ` &lt;${e(p.requester.email)}&gt;` : ''}</p>`
      : '',
    `<h2>Addressed to</h2>${li(
      p.addressees.map(
        (a) =>
          `${e(a.role)}: ${e(a.name ?? '(name not published)')}` +
          `${a.email ? ` &lt;${e(a.email)}&gt;` : ''} — for ${e(a.for.join(', '))}`,
      ),
    )}`,
    `<h2>Domains</h2>${li(
      p.domains.map((d) => {
        const reasons = d.reasons.map((r) => `${r.signal}: ${r.detail}`).join('; ');
        const errors = d.lookupErrors.map((err) => ` — RDAP look-up failed: ${e(err)}`).join('');
        return `${e(d.domain)} (${e(d.role)})${d.reasons.length ? `: ${e(reasons)}` : ''}${errors}`;
      }),
    )}`,
    `<h2>Legal ground</h2><p>${e(p.legalGround)}</p>`,
    `<h2>Works and infringing locations</h2>${p.works
      .map((w) => {
        const urls = w.urls.map(
          (u) =>
            `${e(u.url)}` +
            u.evidence.map((ev) => `<br><small>SHA-256 ${e(ev.sha256)}, captured ${e(ev.capturedAt)}</small>`).join(''),
        );
        return `<h3>${e(w.title)}</h3>${li(urls)}`;
      })
      .join('')}`,
    `<h2>Reach</h2><p>${p.traffic.listings} infringing pages, ${p.traffic.views} views, first seen ` +
      `${e(p.traffic.firstSeen ?? 'n/a')}, last seen ${e(p.traffic.lastSeen ?? 'n/a')}.</p>`,
  ].join('\n');
}
