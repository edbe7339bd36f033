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
  'storage.no_database': 503,
  'fetch.blocked': 422,
  'fetch.failed': 502,
  'outbound.disabled': 503,
  'capture.failed': 502,
  'browser.not_installed': 503,
  'browser.busy': 503,
  'rdap.failed': 502,
  'mail.not_configured': 503,
  'mail.failed': 502,
  'takedown.invalid_transition': 409,
  'evidence.stale': 409,
  'evidence.unavailable': 409,
  'evidence.invalid': 422,
  'alert.invalid_transition': 409,
  'alert.same_analyst': 403,
  'notify.mail_disabled': 503,
  'notify.invalid_token': 404,
  'triage.invalid_transition': 409,
  'triage.reason_required': 422,
  'allowlist.official': 409,
  'allowlist.open_platform': 422,
  'campaign.brand_mismatch': 409,
  'campaign.not_open': 409,
  'campaign.invalid': 422,
  'brand.invalid': 422,
  'brand.invalid_keyword': 422,
  'brand.common_keyword': 422,
  'brand.invalid_domain': 422,
  'brand.shared_domain': 422,
  'brand.domain_taken': 409,
  'brand.alias_taken': 409,
  'brand.slug_taken': 409,
  'brand.not_active': 409,
  'brand.merge_self': 422,
  'source.unknown': 404,
  'source.invalid_trust': 422,
  'triage.count_mismatch': 409,
  'triage.too_many': 422,
  'rule.invalid': 400,
  'rule.unknown_field': 400,
  'rule.confirms_protected': 400,
  'rule.not_found': 404,
  'triage.cursor_sort_mismatch': 400,
  'storage.unavailable': 503,
  'report.field_too_large': 413,
  'appeal.invalid_target': 422,
  'appeal.already_decided': 409,
  'takedown.duplicate_notice': 409,
  'takedown.not_filed_by_hand': 409,
  'takedown.desk_invalid': 422,
  'takedown.desk_key_taken': 409,
  internal: 500,
  'auth.cross_origin': 403,
  'auth.weak_password': 422,
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
