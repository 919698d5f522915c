/**
 * The picture a search result's card shows (its first image, as the browser
 * resolved it), for matching against the reference photos; only http(s).
 */
export function cardImage(card: Element): string | undefined {
  const img = card.querySelector('img');
  const src = img ? img.currentSrc || img.src : '';
  return /^https?:\/\//i.test(src) && src.length <= 2000 ? src : undefined;
}
