/** Saving prepared text from an extension page: as a file the browser downloads, or to the clipboard. */
import { h } from './dom';

/** Download `text` as `name`. Saved with the given type; HTML is saved as text so it never renders here. */
export function downloadText(name: string, text: string, type = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  h('a', { attrs: { href: url, download: name } }).click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Copy to the clipboard; false when the page may not (no focus, no permission). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
