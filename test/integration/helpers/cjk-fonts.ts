/**
 * CJK text in the screenshot tests must be checked as people see it: with a
 * CJK font installed. Debian's `fonts-noto-cjk` is installed when missing
 * (as root, as .ci/run does); otherwise the test stops with what to run.
 */
import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright';

const hasCjkFont = () => {
  try {
    return execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' }).trim() !== '';
  } catch {
    return false;
  }
};

export function ensureCjkFonts(): void {
  if (hasCjkFont()) return;
  if (process.getuid?.() !== 0)
    throw new Error('no CJK font installed: run `apt-get install -y fonts-noto-cjk` as root (or .ci/run)');
  execFileSync('apt-get', ['install', '-y', '-qq', 'fonts-noto-cjk'], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    stdio: 'ignore',
  });
  execFileSync('fc-cache', ['-f'], { stdio: 'ignore' });
  if (!hasCjkFont()) throw new Error('fonts-noto-cjk was installed but fontconfig lists no CJK font');
}

export interface RenderedFont {
  familyName: string;
  glyphCount: number;
}

/**
 * The fonts Chromium drew the first element matching `selector` with (its own text, by CDP
 * CSS.getPlatformFontsForNode), and the element's width per character in em: a CJK glyph is one
 * em wide, a missing one (tofu) or a Latin fallback is not.
 */
export async function renderedFonts(
  page: Page,
  selector: string,
): Promise<{ fonts: RenderedFont[]; emPerChar: number }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    if (!nodeId) throw new Error(`no element ${selector}`);
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    const emPerChar = await page
      .locator(selector)
      .first()
      .evaluate((el) => {
        const w = globalThis as any;
        const size = parseFloat(w.getComputedStyle(el).fontSize);
        // The text's own width (a range over it, summed over its lines), not the element's box.
        const range = w.document.createRange();
        range.selectNodeContents(el);
        const width = [...range.getClientRects()].reduce((sum: number, r: { width: number }) => sum + r.width, 0);
        return width / size / [...(el.textContent ?? '').trim()].length;
      });
    return { fonts, emPerChar };
  } finally {
    await cdp.detach();
  }
}

/** Fonts that carry CJK glyphs, as fontconfig names them. */
export const CJK_FAMILY = /Noto Sans CJK|Noto Serif CJK|Source Han|PingFang|Microsoft YaHei/i;
