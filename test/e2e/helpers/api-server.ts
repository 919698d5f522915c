/**
 * Stopping and starting the test API's HTTP server while its store lives on,
 * so a test can take the API away from the extension and bring it back on the
 * same address with the same data.
 */
import type { FastifyInstance } from 'fastify';
import { createApiServer } from '../../../crawler/api';
import { loadConfig } from '../../../crawler/config';
import type { TestApi } from '../../integration/helpers/api';

export async function stopApi(api: TestApi): Promise<number> {
  const port = Number(new URL(api.url).port);
  await api.app.close();
  return port;
}

export async function startApiAgain(api: TestApi, port: number): Promise<FastifyInstance> {
  const app = await createApiServer({
    store: api.store,
    config: { ...loadConfig({}), apiOrigins: [], apiRateLimit: 100_000, apiAuthFailureLimit: 100_000 },
    logger: false,
  });
  await app.listen({ host: '127.0.0.1', port });
  return app;
}

/** GET a JSON route of the API with a token. */
export async function apiGet<T>(url: string, token: string): Promise<T> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
