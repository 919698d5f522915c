import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Role } from '../../shared/model';
import { hashToken, type Principal, type Scope, type Store } from '../store';
import { ApiError, forbidden } from './errors';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyInstance {
    /** The principal of a live token, under the same failed-token limit as the bearer header (for `/admin/login`). */
    authenticateToken(token: string, ip: string): Promise<Principal>;
  }
  interface FastifyContextConfig {
    /** Reachable without a token (health, docs). */
    public?: boolean;
  }
}

export function bearerOf(req: FastifyRequest): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
}

/** The admin pages (queue dashboard) also take the cookie `/admin/login` sets; the API never does (no CSRF). */
function tokenOf(req: FastifyRequest): string | undefined {
  const bearer = bearerOf(req);
  if (bearer || !req.url.startsWith('/admin/')) return bearer;
  const cookie = (req.headers.cookie ?? '')
    .split(';')
    .map((c) => c.trim())
    .find((c) => c.startsWith('cs_admin_token='));
  return cookie ? decodeURIComponent(cookie.slice('cs_admin_token='.length)) || undefined : undefined;
}

/** Rate-limit key: the token (hashed, so it never sits in memory or Redis in clear), else the address. */
export function rateLimitKey(req: FastifyRequest): string {
  const token = bearerOf(req);
  return token ? `t:${createHash('sha256').update(token).digest('hex').slice(0, 32)}` : `ip:${req.ip}`;
}

/**
 * Unknown tokens per client address in the last minute. The per-token rate
 * limit cannot stop a client that sends a new made-up token each time, so
 * after `max` failures an address's unknown tokens are refused before the
 * store is asked. Live tokens are never refused here (see `installAuth`), so
 * a stranger sharing an address (or a proxy) cannot lock real users out.
 */
export class FailedAuthLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly max = 30,
    private readonly windowMs = 60_000,
    /** Addresses remembered at once; the oldest are forgotten first, so rotating addresses cannot exhaust memory. */
    private readonly maxAddresses = 100_000,
  ) {}

  blocked(ip: string, now = Date.now()): boolean {
    const recent = (this.failures.get(ip) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length) this.failures.set(ip, recent);
    else this.failures.delete(ip);
    return recent.length >= this.max;
  }

  fail(ip: string, now = Date.now()): void {
    const times = this.failures.get(ip) ?? [];
    times.push(now);
    if (times.length > this.max) times.splice(0, times.length - this.max);
    this.failures.delete(ip);
    this.failures.set(ip, times);
    if (this.failures.size > this.maxAddresses) this.failures.delete(this.failures.keys().next().value!);
  }
}

/**
 * The hashes of live tokens, kept in memory so an address over the failure
 * limit can still use a real token without the store being asked about every
 * made-up one. A hash not in the set reloads it at most once per
 * `minReloadMs`, so a token issued by another process is known within that
 * time. Revocation is not read from here: a known token is still looked up.
 */
export class LiveTokenHashes {
  private hashes = new Set<string>();
  private loadedAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly load: () => Promise<string[]>,
    private readonly minReloadMs = 1_000,
  ) {}

  async has(hash: string, now = Date.now()): Promise<boolean> {
    if (this.hashes.has(hash)) return true;
    if (now - this.loadedAt >= this.minReloadMs) await this.reload(now);
    return this.hashes.has(hash);
  }

  /** A hash that just authenticated. */
  add(hash: string): void {
    this.hashes.add(hash);
  }

  private reload(now: number): Promise<void> {
    this.loading ??= this.load()
      .then((hashes) => {
        this.hashes = new Set(hashes);
        this.loadedAt = now;
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }
}

/**
 * Every route needs a live token unless its config says `public`. Checked on
 * each request against the store, so a revoked token stops at once. A live
 * token always gets through; only unknown tokens from an address that sent
 * too many are refused (429) without a look-up.
 */
export function installAuth(app: FastifyInstance, store: Store, failures = new FailedAuthLimiter()): void {
  const live = new LiveTokenHashes(() => store.tokens.liveHashes());
  app.decorateRequest('principal', null as unknown as Principal);
  app.addHook('onRequest', async (req) => {
    if (req.routeOptions.config?.public || req.method === 'OPTIONS') return;
    const token = tokenOf(req);
    if (!token) throw new ApiError(401, 'unauthenticated', 'send the header Authorization: Bearer <token>');
    req.principal = await authenticate(store, failures, live, token, req.ip);
  });
  app.decorate('authenticateToken', (token: string, ip: string) => authenticate(store, failures, live, token, ip));
}

async function authenticate(
  store: Store,
  failures: FailedAuthLimiter,
  live: LiveTokenHashes,
  token: string,
  ip: string,
): Promise<Principal> {
  const hash = hashToken(token);
  if (failures.blocked(ip) && !(await live.has(hash)))
    throw new ApiError(429, 'rate_limited', 'too many unknown tokens from this address; wait a minute');
  const principal = await store.tokens.authenticate(token);
  if (!principal) {
    failures.fail(ip);
    throw new ApiError(401, 'unauthenticated', 'the token is unknown or revoked');
  }
  live.add(hash);
  return principal;
}

/** A preHandler refusing every role but these. */
export function allow(...roles: Role[]) {
  return async (req: FastifyRequest) => {
    if (!roles.includes(req.principal.role))
      throw forbidden(`this needs the ${roles.join(' or ')} role; your token is ${req.principal.role}`);
  };
}

export function scopeOf(p: Principal): Scope {
  return { holderId: p.role === 'holder' ? p.holderId : null };
}

/** How the audit log names a caller: the token's name and id. */
export function actorOf(p: Principal): string {
  return `${p.name} (${p.tokenId})`;
}

/** A holder asking for another holder's records gets "not found", never "forbidden": ids must not leak. */
export function holderFilter(p: Principal, requested: string | undefined): string | undefined {
  if (p.role !== 'holder') return requested;
  if (requested !== undefined && requested !== p.holderId)
    throw new ApiError(404, 'not_found', `no holder ${requested}`, 'holderId');
  return p.holderId ?? undefined;
}
