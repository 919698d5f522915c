import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { discoveryTerms, NameFlagger } from '../../shared/discovery';
import { CatalogueSchema } from '../../shared/model';
import { classifyPage } from '../../crawler/discovery/classify';
import { LeafFormatError, readLeaf } from '../../crawler/discovery/ct/leaf';
import { BlocklistFormatError, parseBlocklist } from '../../crawler/discovery/sources';
import { loadBounded } from '../../crawler/fetch/cheerio-document';
import * as P from '../integration/helpers/discovery-sim/pages';

const catalogue = CatalogueSchema.parse(JSON.parse(readFileSync('demo/catalogue.json', 'utf8')));
const flagger = new NameFlagger(discoveryTerms(catalogue.items));
const classify = (html: string) => classifyPage(loadBounded(html, 'http://site.test/'), flagger);
const work = { id: 'sp-lantern-keeper', title: 'The Lantern Keeper', runtimeSeconds: 7420 };

describe('candidate site classification', () => {
  it('tells shops, streaming sites, torrent indexes, parked and unrelated pages apart by structure', () => {
    const shop = classify(
      P.shop(
        'Veloran',
        [
          { title: 'Veloran Aurelia Bag', price: 89 },
          { title: 'Veloran Scarf', price: 29 },
        ],
        { replicaWords: true, currency: 'USD' },
      ),
    );
    expect(shop.kind).toBe('shop');
    expect(shop.named.map((t) => t.slug)).toContain('veloran');
    expect(shop.signals.map((s) => s.signal)).toEqual(
      expect.arrayContaining(['structured-product', 'prices', 'cart', 'counterfeit-words']),
    );

    const stream = classify(P.streamingHome({ brand: 'FlixNova', skin: 'a' }, [work]));
    expect(stream).toMatchObject({ kind: 'streaming', template: 'wordpress-video-theme' });
    expect(stream.named.map((t) => t.slug)).toContain('lanternkeeper');
    expect(classify(P.torrentIndex('Torrents', [work])).kind).toBe('torrent');
    expect(classify(P.parked('veloran-deals.net')).kind).toBe('parked');
    const review = classify(P.reviewBlog('Reel Notes', work));
    expect(review.kind).toBe('unrelated');
    expect(review.named.length).toBeGreaterThan(0); // names the work, but streams nothing
    expect(classify('<html><body></body></html>').kind).toBe('unrelated');
  });
});

describe('domain lists', () => {
  it('reads one domain a line or CSV with reasons, URLs for their host, comments and a header skipped', () => {
    expect(parseBlocklist('domain,reason\nA.example.com,"sells fakes"\n# note\nhttps://b.example.org/x\n')).toEqual([
      { domain: 'a.example.com', reason: 'sells fakes' },
      { domain: 'b.example.org', reason: null },
    ]);
  });
  it('names every line that is no domain', () => {
    expect(() => parseBlocklist('ok.com\nnot a domain\n10.0.0.1\n')).toThrow(BlocklistFormatError);
    expect(() => parseBlocklist('ok.com\nnot a domain\n10.0.0.1\n')).toThrow(/line 2.*line 3/);
  });
});

describe('CT entries', () => {
  it('refuses what is not a v1 MerkleTreeLeaf, or a certificate cut short', () => {
    expect(() => readLeaf(new Uint8Array([1, 0, 0, 0]))).toThrow(LeafFormatError);
    const cut = new Uint8Array(20);
    cut[11] = 0; // x509_entry
    cut[14] = 200; // a 200-byte certificate in a 20-byte entry
    expect(() => readLeaf(cut)).toThrow(/past the entry/);
  });
});
