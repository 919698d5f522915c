import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { QUEUES } from '../queue/registry';
import { allow } from './auth';

export const DASHBOARD_PATH = '/admin/queues';
export const ADMIN_COOKIE = 'cs_admin_token';

/**
 * bull-board over every queue, for admins only. A browser cannot send a
 * bearer header, so `/admin/login` trades an admin token for an HttpOnly,
 * SameSite=Strict cookie scoped to `/admin`.
 */
export async function mountQueueDashboard(app: FastifyInstance, connection: Redis, prefix: string): Promise<() => Promise<void>> {
  const queues = Object.values(QUEUES).map((name) => new Queue(name, { connection, prefix }));
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter, options: { uiConfig: { boardTitle: 'counterscan queues' } } });

  await app.register(async (admin) => {
    admin.addHook('preHandler', allow('admin'));
    await admin.register(serverAdapter.registerPlugin(), { prefix: DASHBOARD_PATH });
  });

  app.get('/admin/login', { config: { public: true }, schema: { hide: true } }, async (_req, reply) =>
    reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'").send(LOGIN_PAGE),
  );
  app.post('/admin/login', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    const token = new URLSearchParams(String(req.body ?? '')).get('token') ?? '';
    return reply
      .header('set-cookie', `${ADMIN_COOKIE}=${encodeURIComponent(token)}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=43200`)
      .redirect(DASHBOARD_PATH, 303);
  });
  return async () => {
    await Promise.all(queues.map((q) => q.close()));
  };
}

const LOGIN_PAGE = `<!doctype html><meta charset="utf-8"><title>counterscan admin</title>
<style>body{font:16px system-ui;margin:4rem auto;max-width:28rem}input{width:100%;padding:.5rem;margin:.5rem 0}</style>
<h1>Queue dashboard</h1><form method="post" action="/admin/login"><label>Admin token<input name="token" type="password" autocomplete="off" required></label><button>Open the dashboard</button></form>`;
