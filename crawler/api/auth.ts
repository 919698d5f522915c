import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Role } from '../../shared/model';
import type { Principal, Scope, Store } from '../store';
import { ApiError, forbidden } from './errors';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
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
  const cookie = (req.headers.cookie ?? '').split(';').map((c) => c.trim()).find((c) => c.startsWith('cs_admin_token='));
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
 * after `max` failures an address is refused before the store is asked.
 */
export class FailedAuthLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly max = 30,
    private readonly windowMs = 60_000,
  ) {}

  blocked(ip: string, now = Date.now()): boolean {
    const recent = (this.failures.get(ip) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length) this.failures.set(ip, recent);
    else this.failures.delete(ip);
    return recent.length >= this.max;
  }

  fail(ip: string, now = Date.now()): void {
    this.failures.set(ip, [...(this.failures.get(ip) ?? []), now]);
  }
}

/**
 * Every route needs a live token unless its config says `public`. Checked on
 * each request against the store, so a revoked token stops at once.
 */
export function installAuth(app: FastifyInstance, store: Store, failures = new FailedAuthLimiter()): void {
  app.decorateRequest('principal', null as unknown as Principal);
  app.addHook('onRequest', async (req) => {
    if (req.routeOptions.config?.public || req.method === 'OPTIONS') return;
    const token = tokenOf(req);
    if (!token) throw new ApiError(401, 'unauthenticated', 'send the header Authorization: Bearer <token>');
    if (failures.blocked(req.ip)) throw new ApiError(429, 'rate_limited', 'too many unknown tokens from this address; wait a minute');
    const principal = await store.tokens.authenticate(token);
    if (!principal) {
      failures.fail(req.ip);
      throw new ApiError(401, 'unauthenticated', 'the token is unknown or revoked');
    }
    req.principal = principal;
  });
}

/** A preHandler refusing every role but these. */
export function allow(...roles: Role[]) {
  return async (req: FastifyRequest) => {
    if (!roles.includes(req.principal.role)) throw forbidden(`this needs the ${roles.join(' or ')} role; your token is ${req.principal.role}`);
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
  if (requested !== undefined && requested !== p.holderId) throw new ApiError(404, 'not_found', `no holder ${requested}`, 'holderId');
  return p.holderId ?? undefined;
}
