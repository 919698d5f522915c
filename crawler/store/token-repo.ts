import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../../shared/model';
import type { Queryable } from './db';
import { isoUtc } from './sql';

/** Who is calling: what a bearer token stands for. */
export interface Principal {
  tokenId: string;
  name: string;
  role: Role;
  /** Set for the `holder` role: the only holder whose records it may see. */
  holderId: string | null;
}

export interface TokenRecord extends Principal {
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/**
 * Tokens are 256 random bits, so an unsalted SHA-256 is enough to make a
 * stolen table useless (as GitHub and npm do); the plain token is shown once.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const COLUMNS = `id AS "tokenId", name, role, holder_id AS "holderId",
  ${isoUtc('created_at')} AS "createdAt",
  ${isoUtc('revoked_at')} AS "revokedAt",
  ${isoUtc('last_used_at')} AS "lastUsedAt"`;

export class UnknownHolderError extends Error {}

export function createTokenRepository(db: Queryable) {
  return {
    async create(input: {
      name: string;
      role: Role;
      holderId?: string | null;
    }): Promise<{ token: string; record: TokenRecord }> {
      const holderId = input.role === 'holder' ? (input.holderId ?? null) : null;
      if (input.role === 'holder' && !holderId) throw new UnknownHolderError('a holder token needs --holder ID');
      if (input.role !== 'holder' && input.holderId)
        throw new UnknownHolderError(`a ${input.role} token is not tied to a holder; leave out --holder`);
      if (holderId) {
        const { rows } = await db.query('SELECT 1 FROM holders WHERE id = $1', [holderId]);
        if (rows.length === 0)
          throw new UnknownHolderError(`no holder with id '${holderId}'; import its catalogue first`);
      }
      const token = `cs_${randomBytes(32).toString('base64url')}`;
      const id = `tok_${randomBytes(6).toString('hex')}`;
      const { rows } = await db.query<TokenRecord>(
        `INSERT INTO api_tokens (id, name, role, holder_id, token_hash) VALUES ($1, $2, $3, $4, $5)
          RETURNING ${COLUMNS}`,
        [id, input.name, input.role, holderId, hashToken(token)],
      );
      return { token, record: rows[0]! };
    },

    /** The principal of a live token, or null (unknown or revoked). Marks it used at most once a minute. */
    async authenticate(token: string): Promise<Principal | null> {
      const { rows } = await db.query<Principal & { stale: boolean }>(
        `SELECT id AS "tokenId", name, role, holder_id AS "holderId",
                (last_used_at IS NULL OR last_used_at < now() - interval '1 minute') AS stale
           FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL`,
        [hashToken(token)],
      );
      const row = rows[0];
      if (!row) return null;
      if (row.stale) await db.query('UPDATE api_tokens SET last_used_at = now() WHERE id = $1', [row.tokenId]);
      return { tokenId: row.tokenId, name: row.name, role: row.role, holderId: row.holderId };
    },

    /** Hashes of every live token: the API honours these even from an address sending made-up tokens. */
    async liveHashes(): Promise<string[]> {
      const { rows } = await db.query<{ hash: string }>(
        'SELECT token_hash AS hash FROM api_tokens WHERE revoked_at IS NULL',
      );
      return rows.map((r) => r.hash);
    },

    async list(): Promise<TokenRecord[]> {
      const { rows } = await db.query<TokenRecord>(`SELECT ${COLUMNS} FROM api_tokens ORDER BY created_at, id`);
      return rows;
    },

    async get(id: string): Promise<TokenRecord | null> {
      const { rows } = await db.query<TokenRecord>(`SELECT ${COLUMNS} FROM api_tokens WHERE id = $1`, [id]);
      return rows[0] ?? null;
    },

    /** True when the token was live and is now revoked. */
    async revoke(id: string): Promise<boolean> {
      const { rows } = await db.query(
        'UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id',
        [id],
      );
      return rows.length > 0;
    },
  };
}
export type TokenRepository = ReturnType<typeof createTokenRepository>;
