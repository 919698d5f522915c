import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import { QUEUES } from '../queue/registry';
import { allow } from './auth';
import { ApiError } from './errors';
import { CJK_FONT_STACK } from '../../shared/text';

export const DASHBOARD_PATH = '/admin/queues';
export const ADMIN_COOKIE = 'cs_admin_token';

/**
 * bull-board over every queue, for admins only. A browser cannot send a
 * bearer header, so `/admin/login` trades an admin token for an HttpOnly,
 * SameSite=Strict cookie scoped to `/admin`.
 */
export async function mountQueueDashboard(
  app: FastifyInstance,
  connection: Redis,
  prefix: string,
): Promise<() => Promise<void>> {
  const queues = Object.values(QUEUES).map((name) => new Queue(name, { connection, prefix }));
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: queues.map((q) => new BullMQAdapter(q)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'counterscan queues' } },
  });

  await app.register(async (admin) => {
    admin.addHook('preHandler', allow('admin'));
    admin.addHook('onSend', async (_req, reply, payload) => {
      reply
        .header('content-security-policy', DASHBOARD_CSP)
        .header('x-frame-options', 'DENY')
        .header('referrer-policy', 'no-referrer');
      return payload;
    });
    await admin.register(serverAdapter.registerPlugin(), { prefix: DASHBOARD_PATH });
  });

  const loginPage = (reply: FastifyReply, status: number, message?: string) =>
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('content-security-policy', LOGIN_CSP)
      .header('x-frame-options', 'DENY')
      .send(LOGIN_PAGE(message));
  app.get('/admin/login', { config: { public: true }, schema: { hide: true } }, async (_req, reply) =>
    loginPage(reply, 200),
  );
  // Only a live admin token gets the cookie; anything else sees the form again (and counts as a failed token).
  app.post('/admin/login', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    const token = new URLSearchParams(String(req.body ?? '')).get('token')?.trim() ?? '';
    if (!token) return loginPage(reply, 401, 'Enter an admin token.');
    let principal;
    try {
      principal = await app.authenticateToken(token, req.ip);
    } catch (e) {
      if (e instanceof ApiError && e.statusCode === 429)
        return loginPage(
          reply.header('retry-after', '60'),
          429,
          'Too many unknown tokens from this address; wait a minute.',
        );
      if (e instanceof ApiError && e.statusCode === 401)
        return loginPage(reply, 401, 'That token is unknown or revoked.');
      throw e;
    }
    if (principal.role !== 'admin')
      return loginPage(reply, 403, `That is a ${principal.role} token; the dashboard needs an admin token.`);
    return reply
      .header(
        'set-cookie',
        `${ADMIN_COOKIE}=${encodeURIComponent(token)}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=43200`,
      )
      .redirect(DASHBOARD_PATH, 303);
  });
  return async () => {
    await Promise.all(queues.map((q) => q.close()));
  };
}

/**
 * bull-board's page loads its scripts and styles from its own static folder
 * and adds one <style> element at run time (theme overrides), and its markup
 * has inline style attributes: so scripts from 'self' only, styles from 'self'
 * plus inline. Its Google Fonts link is refused: the system font is used and
 * the admin's browser asks no third party.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
const LOGIN_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const LOGIN_PAGE = (message?: string) =>
  `<!doctype html><meta charset="utf-8"><title>counterscan admin</title>
<style>body{font:16px ${CJK_FONT_STACK};margin:4rem auto;max-width:28rem}
input{width:100%;padding:.5rem;margin:.5rem 0}.error{color:#b00020}</style>
<h1>Queue dashboard</h1>${message ? `<p class="error" role="alert">${message}</p>` : ''}<form method="post" ` +
  `action="/admin/login"><label>Admin token<input name="token" type="password" autocomplete="off" required></label>` +
  `<button>Open the dashboard</button></form>`;
