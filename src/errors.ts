/**
 * The one error type of phishdesk. Services throw it; the HTTP layer maps `code` to a status in one
 * place (src/http/errors.ts) and the CLI prints `code: message` and exits non-zero.
 */
export const ERROR_STATUS = {
  'request.invalid': 400,
  'request.unsupported_media_type': 415,
  'request.too_large': 413,
  'request.rate_limited': 429,
  'auth.required': 401,
  'auth.forbidden': 403,
  'auth.invalid_credentials': 401,
  'auth.locked': 429,
  'auth.csrf': 403,
  'auth.invalid_key': 401,
  not_found: 404,
  conflict: 409,
  'url.invalid': 422,
  'url.unsupported_scheme': 422,
  'url.too_long': 422,
  'import.unknown_format': 400,
  'import.file_unreadable': 400,
  'report.invalid': 422,
  'report.too_large': 413,
  'email.unreadable': 422,
  'feed.fetch_failed': 502,
  'feed.parse_failed': 422,
  'config.invalid': 500,
  'fetch.blocked': 422,
  'fetch.failed': 502,
  'capture.failed': 502,
  'rdap.failed': 502,
  'mail.not_configured': 503,
  'mail.failed': 502,
  'takedown.invalid_transition': 409,
  'alert.invalid_transition': 409,
  'alert.same_analyst': 403,
  'notify.mail_disabled': 503,
  'notify.invalid_token': 404,
  'triage.invalid_transition': 409,
  'triage.reason_required': 422,
  'allowlist.official': 409,
  'campaign.brand_mismatch': 409,
  'campaign.not_open': 409,
  'campaign.invalid': 422,
  'storage.unavailable': 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
