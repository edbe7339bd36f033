import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import pg from 'pg';
import { type AppError, ERROR_STATUS, type ErrorCode, isAppError } from '../errors.ts';

type ErrorBody = { error: { code: string; message: string; requestId: string; details?: unknown } };

/** The one place where errors become HTTP responses: `{ error: { code, message, requestId } }`. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const { status, body } = toResponse(error, request.id);
    // Busy, not broken (browser.busy …): say when to come back.
    const retryAfter = isAppError(error) ? error.details?.retryAfterSeconds : undefined;
    if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({
      error: {
        code: 'not_found',
        message: `no route for ${request.method} ${request.url.split('?')[0]}`,
        requestId: request.id,
      },
    } satisfies ErrorBody);
  });
}

function toResponse(error: FastifyError | AppError, requestId: string): { status: number; body: ErrorBody } {
  if (isAppError(error)) {
    return {
      status: ERROR_STATUS[error.code],
      body: {
        error: {
          code: error.code,
          message: error.message,
          requestId,
          ...(error.details ? { details: error.details } : {}),
        },
      },
    };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const details = error.validation.map((v) => ({ path: v.instancePath, message: v.message }));
    return body(
      'request.invalid',
      400,
      `invalid request: ${details.map((d) => `${d.path || '/'} ${d.message}`).join('; ')}`,
      requestId,
      details,
    );
  }
  // PostgreSQL's data exceptions (class 22: a NUL character in text, a number out of range, an
  // unreadable value) come from what the client sent, not from a fault of ours: 400, not 500.
  if ((error as unknown) instanceof pg.DatabaseError && /^22/.test(String(error.code))) {
    return body(
      'request.invalid',
      400,
      'the request holds a value the database cannot take (a NUL character, a number out of range …)',
      requestId,
    );
  }
  const status = error.statusCode ?? 500;
  const code = fastifyCode(error, status);
  const message = status >= 500 ? 'internal error' : error.message;
  return body(code, status, message, requestId);
}

function fastifyCode(error: FastifyError, status: number): ErrorCode {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) return 'request.too_large';
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415)
    return 'request.unsupported_media_type';
  if (status === 429) return 'request.rate_limited';
  if (status === 404) return 'not_found';
  if (status >= 400 && status < 500) return 'request.invalid';
  return 'internal';
}

function body(code: ErrorCode, status: number, message: string, requestId: string, details?: unknown) {
  return { status, body: { error: { code, message, requestId, ...(details ? { details } : {}) } } };
}
