import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { describe, expect, it, vi } from 'vitest';
import { ExtractionError } from '../../shared/extract';
import {
  DisallowedByRobotsError,
  HostBusyError,
  PermanentFetchError,
  RetryableFetchError,
} from '../../crawler/fetch/errors';
import { BlockedPageError } from '../../crawler/pipeline/classify';
import { campaignProcessor } from '../../crawler/queue/campaigns';
import { hostOutcome, jobFate } from '../../crawler/queue/error-mapping';
import type { Queues } from '../../crawler/queue/queues';
import { VERIFY_JOBS, verifyProcessor, type VerifyWorkerDeps } from '../../crawler/queue/verification';
import type { Store } from '../../crawler/store';

/** Every error kind a stage throws, and the fate BullMQ must give its job. */
const blocked = () =>
  new BlockedPageError(
    { url: 'https://shop.example/item/1', status: 403, body: '' } as never,
    { verdict: 'blocked', reason: 'captcha' } as never,
  );
const KINDS = [
  { kind: 'retryable', error: () => new RetryableFetchError('HTTP 503', 'https://shop.example/', 503), fate: 'retry' },
  { kind: 'network', error: () => new Error('ECONNRESET'), fate: 'retry' },
  {
    kind: 'permanent',
    error: () => new PermanentFetchError('HTTP 400', 'https://shop.example/', 400),
    fate: 'permanent',
  },
  { kind: 'extraction', error: () => new ExtractionError('no title'), fate: 'permanent' },
  { kind: 'host busy', error: () => new HostBusyError('shop.example', 1500), fate: 'delay' },
  { kind: 'robots', error: () => new DisallowedByRobotsError('disallowed', 'https://shop.example/'), fate: 'robots' },
  { kind: 'blocked page', error: blocked, fate: 'blocked' },
] as const;

function fakeJob(name: string, data: unknown) {
  const moveToDelayed = vi.fn(async () => {});
  const job = {
    id: 'j1',
    name,
    data,
    attemptsMade: 0,
    opts: { attempts: 3 },
    timestamp: Date.now(),
    delay: 0,
    moveToDelayed,
  };
  return { job: job as unknown as Job, moveToDelayed };
}

/** Runs one job and says what BullMQ would do with it. */
async function fateOf(
  run: (job: Job, token?: string) => Promise<unknown>,
  job: Job,
  moveToDelayed: ReturnType<typeof vi.fn>,
): Promise<string> {
  try {
    const value = await run(job, 'token');
    return typeof value === 'string' ? value : 'completed';
  } catch (err) {
    if (err instanceof DelayedError) {
      expect(moveToDelayed).toHaveBeenCalledOnce();
      const [until, token] = moveToDelayed.mock.calls[0]!;
      expect(until).toBeGreaterThanOrEqual(Date.now() + 1000);
      expect(token).toBe('token');
      return 'delay';
    }
    expect(moveToDelayed).not.toHaveBeenCalled();
    return err instanceof UnrecoverableError ? 'permanent' : 'retry';
  }
}

describe('one error → job fate mapping', () => {
  it.each(KINDS)('the table gives a $kind error the fate $fate', ({ error, fate }) => {
    const f = jobFate(error());
    expect(f.fate === 'done' ? f.outcome : f.fate).toBe(fate);
  });

  it.each(KINDS)('a verify check job that meets a $kind error: $fate', async ({ error, fate }) => {
    const deps = {
      queue: {} as never,
      fetcher: {} as never,
      store: {
        verifications: {
          hit: async () => {
            throw error();
          },
        },
      } as unknown as VerifyWorkerDeps['store'],
    } satisfies VerifyWorkerDeps;
    const { job, moveToDelayed } = fakeJob(VERIFY_JOBS.check, { hitId: 7 });
    expect(await fateOf(verifyProcessor(deps), job, moveToDelayed)).toBe(fate);
  });

  it.each(KINDS)('a verify tick job that meets a $kind error: $fate', async ({ error, fate }) => {
    const deps = {
      queue: {} as never,
      fetcher: {} as never,
      store: {
        verifications: {
          due: async () => {
            throw error();
          },
        },
      } as unknown as VerifyWorkerDeps['store'],
    } satisfies VerifyWorkerDeps;
    const { job, moveToDelayed } = fakeJob(VERIFY_JOBS.tick, {});
    expect(await fateOf(verifyProcessor(deps), job, moveToDelayed)).toBe(fate);
  });

  it.each(KINDS)('a campaign tick job that meets a $kind error: $fate', async ({ error, fate }) => {
    const store = {
      campaigns: {
        get: async () => {
          throw error();
        },
      },
    } as unknown as Store;
    const { job, moveToDelayed } = fakeJob('tick', {
      campaign: 'spring',
      site: 'shop',
      origin: 'https://shop.example/',
    });
    expect(await fateOf(campaignProcessor({ queues: {} as Queues, store }), job, moveToDelayed)).toBe(fate);
  });

  it('a bad payload fails the verify and campaign job at once, naming the field', async () => {
    const verify = fakeJob(VERIFY_JOBS.check, { hitId: 'x' });
    await expect(
      verifyProcessor({ queue: {} as never, fetcher: {} as never, store: {} as never })(verify.job),
    ).rejects.toThrow(UnrecoverableError);
    const tick = fakeJob('tick', { site: 'shop' });
    await expect(campaignProcessor({ queues: {} as Queues, store: {} as Store })(tick.job)).rejects.toThrow(
      /field campaign/,
    );
    const unknown = fakeJob('nonsense', {});
    await expect(
      verifyProcessor({ queue: {} as never, fetcher: {} as never, store: {} as never })(unknown.job),
    ).rejects.toThrow(UnrecoverableError);
  });
});

describe("what a job's error says about its host (status's error and block rates)", () => {
  const HOST_OUTCOME = {
    retryable: 'error',
    network: 'error',
    permanent: 'error',
    extraction: 'error',
    'host busy': null,
    robots: null,
    'blocked page': 'blocked',
  } as const;
  for (const k of KINDS) {
    it(`${k.kind} → ${String(HOST_OUTCOME[k.kind])}`, () => {
      expect(hostOutcome(k.error())).toBe(HOST_OUTCOME[k.kind]);
    });
  }
});
