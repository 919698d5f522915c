import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sitePatterns } from '../../../extension/utils/match-patterns';
import { adapters, demoAdapters, hostMatches, matchPatterns, siteAdapters } from '../../../shared/sites';

describe('site registry', () => {
  it('keeps the demo sites out of the production list', () => {
    expect(demoAdapters.map((a) => a.id)).toEqual(['demo-market', 'demo-video']);
    expect(siteAdapters.some((a) => a.hosts.includes('127.0.0.1') || a.hosts.includes('localhost'))).toBe(false);
    expect(adapters).toEqual([...siteAdapters, ...demoAdapters]);
    expect(new Set(adapters.map((a) => a.id)).size).toBe(adapters.length);
  });

  it('host patterns: exact, the domain and its subdomains, any country domain', () => {
    expect(hostMatches('*.taobao.com', 'taobao.com')).toBe(true);
    expect(hostMatches('*.taobao.com', 'item.taobao.com')).toBe(true);
    expect(hostMatches('*.taobao.com', 'nottaobao.com')).toBe(false);
    expect(hostMatches('amazon.*', 'amazon.co.uk')).toBe(true);
    expect(hostMatches('*.amazon.*', 'www.amazon.com.br')).toBe(true);
    expect(hostMatches('amazon.*', 'amazon.evil.example')).toBe(false);
    expect(hostMatches('youtu.be', 'YOUTU.BE.')).toBe(true);
  });

  it('gives the extension valid match patterns: no TLD wildcard, one per locale domain', () => {
    const amazon = adapters.find((a) => a.id === 'amazon')!;
    const p = matchPatterns(amazon);
    expect(p).toContain('*://*.amazon.co.uk/*');
    expect(p).toContain('*://*.amazon.com.br/*');
    for (const pattern of sitePatterns(siteAdapters)) expect(pattern).toMatch(/^\*:\/\/(?:\*\.)?[a-z0-9.-]+\/\*$/);
    expect(sitePatterns(demoAdapters)).toEqual(['*://127.0.0.1/*', '*://localhost/*']);
  });

  it('every real site has its test and its fixtures', () => {
    const groups: Record<string, string> = {
      bilibili: 'video-sites',
      tiktok: 'video-sites',
      vimeo: 'video-sites',
      dailymotion: 'video-sites',
      temu: 'browser-sites',
      shopee: 'browser-sites',
    };
    for (const a of siteAdapters) {
      const torrent = ['dontorrent', 'wolfmax4k', 'rutracker', '1337x', 'thepiratebay', 'nyaa'].includes(a.id);
      const test = torrent ? 'torrent-indexes' : (groups[a.id] ?? a.id);
      expect(existsSync(join(import.meta.dirname, `${test}.test.ts`)), `${a.id}: test/unit/sites/${test}.test.ts`).toBe(
        true,
      );
      if (!torrent)
        expect(existsSync(join(import.meta.dirname, '..', '..', 'fixtures', 'sites', a.id)), `${a.id}: fixtures`).toBe(
          true,
        );
    }
  });
});
