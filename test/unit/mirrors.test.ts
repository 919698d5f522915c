/**
 * Mirror recognition over three fixture home pages: cinevault.to and its
 * mirror cinevault24.cc (same template, different films, renamed brand) and
 * flixhaven.net, an unrelated streaming site on another template.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MIRROR_THRESHOLD,
  fingerprint,
  hostsFromContacts,
  isMirror,
  similarity,
  type MirrorHost,
  type MirrorPage,
  type MirrorReason,
} from '../../crawler/blocking/mirrors';
import type { SiteAbuseContacts } from '../../crawler/blocking/rdap';

const html = (domain: string): string =>
  readFileSync(new URL(`../fixtures/rdap/mirror-pages/${domain}.html`, import.meta.url), 'utf8');
const page = (domain: string, hosts?: MirrorHost[]): MirrorPage => ({
  domain,
  html: html(domain),
  ...(hosts ? { hosts } : {}),
});

const RIPE_NET = '198.51.100.0 - 198.51.100.255';
const original = page('cinevault.to', [{ ip: '198.51.100.7', networkHandle: RIPE_NET }]);
const mirror = page('cinevault24.cc', [{ ip: '198.51.100.42', networkHandle: RIPE_NET }]);
const unrelated = page('flixhaven.net', [{ ip: '192.0.2.10', networkHandle: 'NET-192-0-2-0-1' }]);

const reason = (reasons: MirrorReason[], signal: MirrorReason['signal']): MirrorReason =>
  reasons.find((r) => r.signal === signal)!;

describe('fingerprint', () => {
  it('drops the site’s own domain words from the title, so renamed mirrors keep the same words', () => {
    expect(fingerprint(original).titleTokens).toEqual(['free', 'hd', 'in', 'movies', 'online', 'watch']);
    expect(fingerprint(mirror).titleTokens).toEqual(fingerprint(original).titleTokens);
  });

  it('builds the template from tag/class paths, with domain words and numbers in class names normalised', () => {
    const { template } = fingerprint(original);
    expect(template).toContain('header#header.site-header > div.container > a.*-logo.logo');
    expect(template).toContain('div.film-list > div.film-item.item-0 > a.poster');
    expect(template.some((s) => s.includes('cinevault') || s.includes('4411'))).toBe(false);
    expect(fingerprint(mirror).template).toContain('header#header.site-header > div.container > a.*-logo.logo');
  });

  it('keeps hosting as network handles and /24 prefixes, and survives a JSON round trip', () => {
    const fp = fingerprint(original);
    expect(fp.hosting).toEqual({ handles: [RIPE_NET], prefixes: ['198.51.100.0/24'] });
    const stored = JSON.parse(JSON.stringify(fp));
    expect(similarity(stored, mirror)).toEqual(similarity(original, mirror));
  });

  it('reads the title from <title> when none is given', () => {
    expect(fingerprint({ domain: 'cinevault.to', html: html('cinevault.to') }).titleTokens).toContain('watch');
  });
});

describe('similarity and isMirror', () => {
  it('recognises the mirror and says why: template, title and hosting all agree', () => {
    const sim = similarity(original, mirror);

    expect(isMirror(original, mirror)).toBe(true);
    expect(sim.score).toBeGreaterThan(0.95);
    expect(sim.reasons.every((r) => r.agreed)).toBe(true);
    expect(reason(sim.reasons, 'template').detail).toMatch(/page-structure paths shared/);
    expect(reason(sim.reasons, 'title').detail).toContain('watch');
    expect(reason(sim.reasons, 'hosting').detail).toBe(`same network ${RIPE_NET}`);
  });

  it('does not take the unrelated site for a mirror of either', () => {
    const sim = similarity(original, unrelated);

    expect(isMirror(original, unrelated)).toBe(false);
    expect(isMirror(mirror, unrelated)).toBe(false);
    expect(sim.score).toBeLessThan(0.2);
    expect(sim.reasons.map((r) => [r.signal, r.agreed])).toEqual([
      ['template', false],
      ['title', false],
      ['hosting', false],
    ]);
  });

  it('recognises the mirror without hosting data, on template and title alone', () => {
    const sim = similarity(page('cinevault.to'), page('cinevault24.cc'));
    expect(sim.score).toBeGreaterThanOrEqual(DEFAULT_MIRROR_THRESHOLD);
    expect(reason(sim.reasons, 'hosting')).toMatchObject({ score: null, agreed: false });
  });

  it('does not hold a move to another host against a mirror', () => {
    const moved = { ...mirror, hosts: [{ ip: '192.0.2.99', networkHandle: 'NET-192-0-2-0-1' }] };
    const sim = similarity(original, moved);

    expect(reason(sim.reasons, 'hosting')).toMatchObject({ score: 0, agreed: false, detail: 'different networks' });
    expect(sim.score).toBeCloseTo(similarity(page('cinevault.to'), page('cinevault24.cc')).score);
    expect(isMirror(original, moved)).toBe(true);
  });

  it('counts the same address block as shared hosting when no handle is known', () => {
    const a = { ...original, hosts: [{ ip: '198.51.100.7' }] };
    const b = { ...mirror, hosts: [{ ip: '198.51.100.200' }] };
    expect(reason(similarity(a, b).reasons, 'hosting')).toMatchObject({
      agreed: true,
      detail: 'same address block 198.51.100.0/24',
    });
  });

  it('does not call a different site on the same theme and host a mirror: the title must agree too', () => {
    const sameTheme: MirrorPage = {
      ...original,
      domain: 'kinoabend.de',
      title: 'Kinoabend – Serien und Filme gratis ansehen',
      html: original.html.replaceAll('CineVault', 'Kinoabend').replaceAll('cinevault', 'kinoabend'),
    };
    const sim = similarity(original, sameTheme);

    expect(reason(sim.reasons, 'template').score).toBe(1);
    expect(reason(sim.reasons, 'title').score).toBe(0);
    expect(sim.score).toBeLessThan(DEFAULT_MIRROR_THRESHOLD);
    expect(isMirror(original, sameTheme)).toBe(false);
    // A caller may still choose to be looser.
    expect(isMirror(original, sameTheme, 0.6)).toBe(true);
  });
});

it('takes hosting for a fingerprint from an RDAP look-up', () => {
  const contacts: SiteAbuseContacts = {
    domain: 'cinevault.to',
    registrar: null,
    hosts: [
      {
        ip: '198.51.100.7',
        network: { name: 'OFFSHORE-VPS-NET', handle: RIPE_NET, country: 'NL' },
        abuse: { email: null, phone: null, name: null },
      },
    ],
    fetchedAt: '2025-06-03T18:00:00.000Z',
    sources: [],
    problems: [],
  };
  expect(hostsFromContacts(contacts)).toEqual([{ ip: '198.51.100.7', networkHandle: RIPE_NET }]);
});

describe('fingerprint of a hostile page', () => {
  it('survives 5,000 levels of nesting and 100,000 unclosed <div>s, quickly', () => {
    for (const html of [
      `<html><body>${'<div class="x">'.repeat(5000)}deep${'</div>'.repeat(5000)}</body></html>`,
      `<html><body>${'<div>'.repeat(100_000)}</body></html>`,
    ]) {
      const started = performance.now();
      const f = fingerprint({ domain: 'mirror.example', html });
      expect(f.template.length).toBeGreaterThan(0);
      expect(performance.now() - started).toBeLessThan(2000);
    }
  });
});
