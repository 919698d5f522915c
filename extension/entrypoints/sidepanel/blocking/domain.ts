/** A domain name as the pirate-sites API takes it: the host without `www.`; none for an IP address or a bare name. */
export function domainOf(url: string): string | undefined {
  try {
    const host = new URL(url).hostname.toLowerCase().replace(/^www\./, '');
    return /^([a-z0-9-]{1,63}\.)+[a-z]{2,63}$/.test(host) ? host : undefined;
  } catch {
    return undefined;
  }
}
