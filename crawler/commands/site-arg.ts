import { adapterById, adapters, adapterServes, findAdapter, localeById, searchPageUrl } from '../../shared/sites';
import type { SiteAdapter } from '../../shared/sites/adapter';
import { CliError } from './context';

// Its own module, so commands that only check a --site (campaign) do not load the scan pipeline.

/**
 * A site by adapter id, or by a URL whose host and path an adapter knows (the
 * URL's origin is swept). `locale` picks a country store of the site (its
 * origin, and so its search path and currency).
 */
export function resolveSite(site: string, origin?: string, locale?: string): { adapter: SiteAdapter; origin: string } {
  const byId = adapterById(site);
  if (locale !== undefined && (origin !== undefined || !byId)) {
    // Both name where the site is served: one would silently lose.
    throw new CliError(
      origin !== undefined
        ? '--locale and --origin: give one of them (a locale is an origin of the site)'
        : `--locale: give the site by its adapter id, not "${site}" (a URL already names its store)`,
    );
  }
  if (byId) {
    if (locale !== undefined) {
      const l = localeById(byId, locale);
      if (!l)
        throw new CliError(
          `--locale: ${byId.id} has no locale "${locale}" (known: ` +
            `${(byId.locales ?? []).map((x) => x.id).join(', ') || 'none'})`,
        );
      return { adapter: byId, origin: l.origin };
    }
    return { adapter: byId, origin: origin ? originOf(origin) : byId.defaultOrigin };
  }
  let url: URL;
  try {
    url = new URL(site);
  } catch {
    throw new CliError(
      `--site: no adapter named "${site}" (known: ${adapters.map((a) => a.id).join(', ')}) and not a URL`,
    );
  }
  const byPage = findAdapter(url.href);
  if (byPage) return { adapter: byPage, origin: url.origin };
  const byHost = adapters.filter((a) => adapterServes(a, url.hostname));
  if (byHost.length === 1) return { adapter: byHost[0]!, origin: url.origin };
  if (byHost.length > 1) {
    // Several sites on one host (the demo sites share 127.0.0.1): a bare origin cannot say which.
    throw new CliError(
      `--site: ${url.host} is served by ${byHost.map((a) => a.id).join(' and ')}; give a search or listing URL, or ` +
        `--site ID --origin ${url.origin}`,
    );
  }
  throw new CliError(`--site: no adapter knows ${url.host}${url.pathname}`);
}

function originOf(value: string): string {
  try {
    return new URL(value).origin;
  } catch {
    throw new CliError(`--origin: not an absolute URL: "${value}"`);
  }
}

/** The search page of a site (adapter id or URL, in a locale's store when given) for `query`. */
export function siteSearchUrl(
  site: string,
  query: string,
  o: { origin?: string; locale?: string; page?: number } = {},
): string {
  if (query.trim() === '') throw new CliError('--query: give the words to search for');
  const { adapter, origin } = resolveSite(site, o.origin, o.locale);
  return searchPageUrl(adapter, query, { origin, page: o.page });
}
