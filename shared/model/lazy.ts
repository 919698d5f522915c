/**
 * A value built on first use instead of when its module loads. The
 * extension's content script imports the extractor on every page load of
 * the supported sites, and building zod schemas there took ~10 ms of its
 * 50 ms budget (issue 12) while a search page never validates a listing.
 */
export function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}
