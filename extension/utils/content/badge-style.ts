/**
 * The badge's CSS, given to every badge's shadow root. Where the browser lets
 * a content script adopt a constructed stylesheet into a shadow root, all
 * badges share one (parsed once per content script, not once per badge);
 * where it does not, each root gets its own <style> copy. Which of the two is
 * found out on the first badge, by trying.
 */

export const BADGE_CSS =
  // The page's inherited styles (font, colour, line height…) stop at the host; ours start from the initial values.
  `
:host{all:initial !important}
:host{display:inline-block !important;position:relative !important;vertical-align:middle !important}
.cs{position:relative;display:inline-block;font:12px/1.4 system-ui,sans-serif;color:#1b1b1b;` +
  `margin:2px 0;vertical-align:middle;z-index:2147483000}
.pill{all:unset;cursor:pointer;display:inline-flex;gap:4px;align-items:center;background:#c62828;color:#fff;` +
  `border-radius:10px;padding:1px 8px;font-weight:700;font-size:12px}
.pill:focus-visible{outline:2px solid #1565c0;outline-offset:2px}
.cs[data-from="card"] .pill{background:#ef6c00}
.cs[data-state="confirmed"] .pill{background:#8e0000}
.cs[data-state="notice_sent"] .pill{background:#6a1b9a}
.cs[data-state="removed"] .pill,.cs[data-state="dismissed"] .pill{background:#616161}
.cs[data-kind="authorised"] .pill{background:#eceff1;color:#37474f;border:1px solid #90a4ae;font-weight:600}
.st{background:rgba(255,255,255,.22);border-radius:8px;padding:0 5px;font-weight:600}
.bl{background:#000;color:#fff;border-radius:8px;padding:0 5px;font-weight:700}
.line{margin-bottom:4px}.line.blk{color:#8e0000;font-weight:700}
.tip{display:none;position:absolute;left:0;top:100%;margin-top:4px;width:320px;max-width:80vw;background:#fff;` +
  `border:1px solid #bbb;border-radius:6px;box-shadow:0 4px 16px rgba(0,0,0,.2);padding:8px 10px;text-align:left;` +
  `white-space:normal}
.cs:hover .tip,.cs:focus-within .tip{display:block}
.cs:hover,.cs:focus-within{z-index:2147483647}
.item{font-weight:700;margin-bottom:2px;word-break:break-word}
.meta{color:#555;margin-bottom:6px}
ul{margin:0 0 6px;padding:0;list-style:none}
li{margin:2px 0;word-break:break-word}
.w{display:inline-block;min-width:42px;font-variant-numeric:tabular-nums;font-weight:700}
.w.neg{color:#2e7d32}
.n{color:#333}
.e{color:#666}
.flag{all:unset;cursor:pointer;background:#1565c0;color:#fff;border-radius:4px;padding:3px 10px;font-weight:600}
.flag:focus-visible{outline:2px solid #000;outline-offset:2px}
.status{color:#555;margin-top:4px;min-height:1em}
`;

/** The shared sheet once built; null where adopting it failed (each root then gets a <style>). */
let shared: CSSStyleSheet | null | undefined;

function sheet(): CSSStyleSheet {
  const s = new CSSStyleSheet();
  s.replaceSync(BADGE_CSS);
  return s;
}

/** Give a badge's shadow root the badge CSS: the shared sheet, else a <style> of its own. */
export function styleBadgeRoot(root: ShadowRoot): void {
  if (shared !== null) {
    try {
      shared ??= sheet();
      root.adoptedStyleSheets = [shared];
      if (root.adoptedStyleSheets.length === 1) return;
    } catch {
      // A constructed sheet of the content script's world that the page's shadow root does not take.
    }
    shared = null;
  }
  const style = document.createElement('style');
  style.textContent = BADGE_CSS;
  root.append(style);
}
