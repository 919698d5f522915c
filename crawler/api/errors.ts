import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { NoAddresseeError } from '../blocking';
import { CatalogueImportError, formatProblem } from '../catalogue';
import { NoCounterClockError, NoticeRefusedError } from '../notices';
import {
  AlreadyNoticedError,
  CaseRuleError,
  EvidenceHashMismatchError,
  NoticeStateError,
  UnknownHolderError,
} from '../store';

/** The body of every error answer: a stable code for programs, a message for people, the field at fault. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    field?: string;
    problems?: string[];
    refusals?: { url: string; hitId: number; code: string; reason: string }[];
  };
}

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string, field?: string) => new ApiError(404, 'not_found', `no ${what}`, field);
export const forbidden = (message = 'your role may not do this') => new ApiError(403, 'forbidden', message);

/** `body.ids.3` → `ids[3]`, the way a client names the field. */
function fieldName(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) =>
      typeof p === 'number' || /^\d+$/.test(String(p)) ? `[${String(p)}]` : i === 0 ? String(p) : `.${String(p)}`,
    )
    .join('');
}

/** An error's HTTP answer: its status and the body's `error`. */
export interface HttpAnswer {
  status: number;
  error: ErrorBody['error'];
}

const withField = (field: string | undefined) => (field ? { field } : {});

/**
 * The one table from a thrown error to its HTTP answer: a refusal a client
 * can act on keeps its own status and code; anything not listed is a 500.
 * A new error class that reaches a route is one line here.
 */
const TABLE: { when: (err: unknown) => boolean; answer: (err: never) => HttpAnswer }[] = [
  {
    when: (e) => e instanceof ApiError,
    answer: (e: ApiError) => ({
      status: e.statusCode,
      error: { code: e.code, message: e.message, ...withField(e.field) },
    }),
  },
  {
    when: (e) => e instanceof EvidenceHashMismatchError,
    answer: (e: EvidenceHashMismatchError) => ({
      status: 422,
      error: { code: 'evidence_hash_mismatch', message: e.message, field: 'sha256' },
    }),
  },
  {
    when: (e) => e instanceof CaseRuleError,
    answer: (e: CaseRuleError) => ({
      status: e.code === 'not_found' ? 404 : 422,
      error: { code: e.code, message: e.message, ...withField(e.field) },
    }),
  },
  {
    when: (e) => e instanceof UnknownHolderError,
    answer: (e: UnknownHolderError) => ({
      status: 422,
      error: { code: 'invalid_holder', message: e.message, field: 'holderId' },
    }),
  },
  {
    when: (e) => e instanceof CatalogueImportError,
    answer: (e: CatalogueImportError) => ({
      status: 400,
      error: {
        code: 'invalid_catalogue',
        message: e.message.split('\n')[0] ?? 'invalid catalogue',
        problems: e.problems.map(formatProblem),
      },
    }),
  },
  {
    // Every listing refused only because an open notice already names it: a conflict with that
    // notice, not a fault in the request (as the API docs say). Mixed with other reasons it stays 422.
    when: (e) =>
      e instanceof NoticeRefusedError &&
      e.code === 'listings_refused' &&
      e.refusals.length > 0 &&
      e.refusals.every((r) => r.code === 'already_noticed'),
    answer: (e: NoticeRefusedError) => ({
      status: 409,
      error: { code: 'already_noticed', message: e.message, problems: e.problems, refusals: e.refusals },
    }),
  },
  {
    when: (e) => e instanceof NoticeRefusedError,
    answer: (e: NoticeRefusedError) => ({
      status: 422,
      error: {
        code: e.code,
        message: e.message,
        problems: e.problems,
        ...(e.refusals.length ? { refusals: e.refusals } : {}),
        ...withField(e.code === 'unknown_channel' ? 'channelId' : undefined),
      },
    }),
  },
  {
    when: (e) => e instanceof AlreadyNoticedError,
    answer: (e: AlreadyNoticedError) => ({ status: 409, error: { code: 'already_noticed', message: e.message } }),
  },
  {
    when: (e) => e instanceof NoticeStateError,
    answer: (e: NoticeStateError) => ({ status: 409, error: { code: 'invalid_state', message: e.message } }),
  },
  {
    when: (e) => e instanceof NoCounterClockError,
    answer: (e: NoCounterClockError) => ({ status: 422, error: { code: 'no_counter_clock', message: e.message } }),
  },
  // The look-ups reached no registrar, host or provider: the upstream failed, not the request.
  {
    when: (e) => e instanceof NoAddresseeError,
    answer: (e: NoAddresseeError) => ({ status: 502, error: { code: 'no_addressee', message: e.message } }),
  },
];

/** Fastify's own 4xx (body too large, rate limited, bad JSON) keep their status, under a stable code. */
function fastifyAnswer(err: FastifyError): HttpAnswer | undefined {
  const status = err.statusCode ?? 500;
  if (status === 413) return { status, error: { code: 'too_large', message: err.message } };
  if (status === 429) return { status, error: { code: 'rate_limited', message: err.message } };
  if (status < 500) return { status, error: { code: (err.code ?? 'bad_request').toLowerCase(), message: err.message } };
  return undefined;
}

/** The HTTP answer for a known error; undefined for anything else (answered as a bare 500). */
export function httpAnswer(err: unknown): HttpAnswer | undefined {
  const row = TABLE.find((r) => r.when(err));
  return row ? row.answer(err as never) : undefined;
}

/**
 * One error handler for the whole app (no route installs its own):
 * validation failures name the field, known errors are answered from the
 * table, and anything else is logged with its context and answered as a bare
 * 500 that reveals nothing of the internals.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send({
      error: { code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` },
    } satisfies ErrorBody);
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const send = (a: HttpAnswer) => reply.code(a.status).send({ error: a.error } satisfies ErrorBody);

    if (hasZodFastifySchemaValidationErrors(err)) {
      const issue = err.validation[0]!;
      const where = err.validationContext ?? 'body';
      const path =
        (issue.params as { issue?: { path?: PropertyKey[] } }).issue?.path ??
        issue.instancePath.split('/').filter(Boolean);
      const field = fieldName(path);
      return send({
        status: 400,
        error: {
          code: 'invalid_request',
          message: `${where}${field ? ` field ${field}` : ''}: ${issue.message}`,
          ...withField(field),
        },
      });
    }
    const known = httpAnswer(err);
    if (known) return send(known);
    if (isResponseSerializationError(err)) {
      req.log.error({ err, issues: err.cause.issues }, 'response does not match its schema');
      return send({ status: 500, error: { code: 'internal', message: 'internal error' } });
    }
    const own = fastifyAnswer(err);
    if (own) return send(own);
    req.log.error({ err, url: req.url, method: req.method }, 'request failed');
    return send({ status: 500, error: { code: 'internal', message: 'internal error' } });
  });
}
