/**
 * Reads listing and search pages and badges the suspects. Registered at run
 * time by the background on the supported sites the user allowed (their
 * match patterns come from the shared adapters' `hosts`), and injected on any
 * other page by "scan this page" (activeTab), where the generic extractor
 * reads it. On a supported site it acts only on the pages its adapter
 * recognises as a listing or a search page, unless the user asked for a scan.
 * Single-page sites are followed through wxt:locationchange.
 */
// First: its clock starts before the other modules are evaluated.
import { scriptStart } from './started';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { browser } from 'wxt/browser';
import { pageTypeOf, templateAdapter } from '../../../shared/extract/site-page';
import { findAdapter, pageType, type PageType, type SiteAdapter } from '../../../shared/sites';
import type { PageSnapshot } from '../../utils/messages';
import { contentRequestSchema } from '../../utils/content-requests';
import { builtAdapters } from '../../utils/match-patterns';
import { liveDocument } from '../../utils/live-dom';
import { PageScanner } from '../../utils/content/page-scanner';
import { serializePage } from '../../utils/content/serialize';
import { OWN_SELECTOR } from '../../utils/content/badge';

interface Flags {
  /** Set by the background before "scan this page" (background/site-access.ts). */
  __counterscanScanRequested?: boolean;
  __counterscanLoaded?: boolean;
}

/**
 * What to read on `url`: the site's adapter and page type, or (when the user asked) a shared template's or the generic
 * extractor's listing.
 */
function target(url: string, requested: boolean): { adapter?: SiteAdapter; type: PageType | 'generic' } | undefined {
  const known = builtAdapters();
  const adapter = findAdapter(url);
  const type = adapter && known.includes(adapter) ? pageType(adapter, url) : undefined;
  if (adapter && type) return { adapter, type };
  if (!requested) return undefined;
  const doc = liveDocument();
  const template = templateAdapter(doc);
  const templateType = template ? pageTypeOf(template, doc) : undefined;
  return template && templateType ? { adapter: template, type: templateType } : { type: 'generic' };
}

export default defineContentScript({
  matches: [],
  registration: 'runtime',
  runAt: 'document_idle',
  main(ctx) {
    const t0 = scriptStart;
    const flags = globalThis as Flags;
    flags.__counterscanLoaded = true;
    ctx.onInvalidated(() => {
      flags.__counterscanLoaded = false;
    });
    let scanner: PageScanner | undefined;

    const begin = (url: string, started: number) => {
      scanner?.stop();
      scanner = undefined;
      const t = target(url, flags.__counterscanScanRequested === true);
      if (!t) return;
      scanner = new PageScanner(ctx, t.adapter, t.type, started);
      void scanner.start().catch((e: unknown) => console.debug('counterscan: scan failed', e));
    };

    browser.runtime.onMessage.addListener((raw: unknown, sender) => {
      const req = contentRequestSchema().safeParse(raw);
      if (sender.id !== browser.runtime.id || !req.success) return undefined;
      if (req.data.type === 'page:scan') {
        begin(location.href, performance.now());
        return Promise.resolve({ ok: true });
      }
      const snapshot: PageSnapshot = scanner?.snapshot(req.data.listingUrl) ?? {
        url: location.href,
        title: document.title,
        html: serializePage(OWN_SELECTOR),
      };
      return Promise.resolve(snapshot);
    });
    ctx.addEventListener(window, 'wxt:locationchange', ({ newUrl }) => begin(newUrl.href, performance.now()));
    begin(location.href, t0);
  },
});
