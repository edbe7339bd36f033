import { z } from 'zod';

/**
 * Response schemas for what is not a JSON object. Fastify sends a string or a Buffer whose content type is
 * set as it is (no serialisation), so these document the body for OpenAPI; `type: null` makes
 * @fastify/swagger document a response without content.
 */

/** A response without a body (204): routes send `null`, which Fastify does not write for a 204. */
export function noContent(description: string) {
  // The OpenAPI 3.0 target writes null as a nullable enum; `type: 'null'` is what tells @fastify/swagger
  // to document the response without content.
  return z.null().meta({ description, type: 'null' });
}

/** Text as sent (a string, or its UTF-8 bytes in a Buffer); documented as a string. */
const text = z
  .custom<string | Uint8Array>((value) => typeof value === 'string' || value instanceof Uint8Array)
  .meta({ type: 'string' });

/** A text body (CSV, plain text, JSON served as a file) under the given content types. */
export function textBody(description: string, contentTypes: readonly string[]) {
  return {
    description,
    content: Object.fromEntries(contentTypes.map((type) => [type, { schema: text }])),
  };
}

/** Bytes as sent (a Buffer); documented as OpenAPI's binary string. */
const binary = z
  .custom<Uint8Array>((value) => value instanceof Uint8Array)
  .meta({ type: 'string', format: 'binary' });

/** A binary body (evidence files, screenshots) under the given content types. */
export function binaryBody(description: string, contentTypes: readonly string[]) {
  return {
    description,
    content: Object.fromEntries(contentTypes.map((type) => [type, { schema: binary }])),
  };
}
