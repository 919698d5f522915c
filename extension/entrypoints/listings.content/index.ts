/**
 * Runs on the hosts of the shared site adapters (match patterns generated
 * from their `hosts`), and acts only on the pages an adapter recognises as a
 * listing or a search page. Single-page sites are followed through
 * wxt:locationchange.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { browser } from 'wxt/browser';
import { findAdapter, pageKind } from '../../../shared/sites';
import { ContentRequestSchema, type PageSnapshot } from '../../utils/messages';
import { sitePatterns } from '../../utils/match-patterns';
import { PageScanner } from '../../utils/content/page-scanner';
import { serializePage } from '../../utils/content/serialize';
import { BADGE_TAG } from '../../utils/content/badge';

export default defineContentScript({
  matches: sitePatterns(),
  runAt: 'document_idle',
  main(ctx) {
    const t0 = performance.now();
    let scanner: PageScanner | undefined;

    const begin = (url: string, started: number) => {
      scanner?.stop();
      scanner = undefined;
      const adapter = findAdapter(url);
      const kind = adapter ? pageKind(adapter, url) : undefined;
      if (!adapter || !kind) return;
      scanner = new PageScanner(ctx, adapter, kind, started);
      void scanner.start().catch((e: unknown) => console.debug('counterscan: scan failed', e));
    };

    browser.runtime.onMessage.addListener((raw: unknown, sender) => {
      const req = ContentRequestSchema.safeParse(raw);
      if (sender.id !== browser.runtime.id || !req.success) return undefined;
      const snapshot: PageSnapshot = scanner?.snapshot(req.data.listingUrl) ?? { url: location.href, title: document.title, html: serializePage(BADGE_TAG) };
      return Promise.resolve(snapshot);
    });
    ctx.addEventListener(window, 'wxt:locationchange', ({ newUrl }) => begin(newUrl.href, performance.now()));
    begin(location.href, t0);
  },
});
