import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { CatalogueImportError, formatProblem } from '../catalogue';
import { CaseRuleError, EvidenceHashMismatchError, UnknownHolderError } from '../store';

/** The body of every error answer: a stable code for programs, a message for people, the field at fault. */
export interface ErrorBody {
  error: { code: string; message: string; field?: string; problems?: string[] };
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
  return path.map((p, i) => (typeof p === 'number' || /^\d+$/.test(String(p)) ? `[${String(p)}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

/**
 * One error handler: validation failures name the field, known refusals keep
 * their status and code, and anything else is logged with its context and
 * answered as a bare 500 that reveals nothing of the internals.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send({ error: { code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` } } satisfies ErrorBody);
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const send = (status: number, error: ErrorBody['error']) => reply.code(status).send({ error } satisfies ErrorBody);

    if (hasZodFastifySchemaValidationErrors(err)) {
      const issue = err.validation[0]!;
      const where = err.validationContext ?? 'body';
      const path = (issue.params as { issue?: { path?: PropertyKey[] } }).issue?.path ?? issue.instancePath.split('/').filter(Boolean);
      const field = fieldName(path);
      return send(400, {
        code: 'invalid_request',
        message: `${where}${field ? ` field ${field}` : ''}: ${issue.message}`,
        ...(field ? { field } : {}),
      });
    }
    if (err instanceof ApiError) return send(err.statusCode, { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) });
    if (err instanceof EvidenceHashMismatchError) return send(422, { code: 'evidence_hash_mismatch', message: err.message, field: 'sha256' });
    if (err instanceof CaseRuleError) {
      const rule: CaseRuleError = err;
      return send(rule.code === 'not_found' ? 404 : 422, { code: rule.code, message: rule.message, ...(rule.field ? { field: rule.field } : {}) });
    }
    if (err instanceof UnknownHolderError) return send(422, { code: 'invalid_holder', message: err.message, field: 'holderId' });
    if (err instanceof CatalogueImportError) {
      return send(400, { code: 'invalid_catalogue', message: err.message.split('\n')[0] ?? 'invalid catalogue', problems: err.problems.map(formatProblem) });
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err, issues: err.cause.issues }, 'response does not match its schema');
      return send(500, { code: 'internal', message: 'internal error' });
    }
    const status = err.statusCode ?? 500;
    if (status === 413) return send(413, { code: 'too_large', message: err.message });
    if (status === 429) return send(429, { code: 'rate_limited', message: err.message });
    if (status < 500) return send(status, { code: (err.code ?? 'bad_request').toLowerCase(), message: err.message });
    req.log.error({ err, url: req.url, method: req.method }, 'request failed');
    return send(500, { code: 'internal', message: 'internal error' });
  });
}
