/** The page's HTML as the user sees it now (after its scripts ran), without our own badges. */
export function serializePage(ownSelector: string): string {
  const clone = document.documentElement.cloneNode(true) as Element;
  for (const el of Array.from(clone.querySelectorAll(ownSelector))) el.remove();
  const dt = document.doctype ? `<!DOCTYPE ${document.doctype.name}>\n` : '';
  return dt + clone.outerHTML;
}
