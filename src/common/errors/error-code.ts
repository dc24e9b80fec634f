import { HttpStatus } from '@nestjs/common';

/** Machine-readable error codes; each maps to one HTTP status. */
export enum ErrorCode {
  VALIDATION_FAILED = 'validation_failed',
  MALFORMED_JSON = 'malformed_json',
  PAYLOAD_TOO_LARGE = 'payload_too_large',
  UNSUPPORTED_MEDIA_TYPE = 'unsupported_media_type',
  UNAUTHENTICATED = 'unauthenticated',
  FORBIDDEN = 'forbidden',
  NOT_FOUND = 'not_found',
  ILLEGAL_TRANSITION = 'illegal_transition',
  /** Closing a resolved complaint before its revisit is done, without a reason. */
  REVISIT_PENDING = 'revisit_pending',
  /** The step needs a supervisor, manager or admin (e.g. closing before the revisit is done). */
  SUPERVISOR_REQUIRED = 'supervisor_required',
  STALE_VERSION = 'stale_version',
  CONFLICT = 'conflict',
  IDEMPOTENCY_KEY_REUSED = 'idempotency_key_reused',
  IDEMPOTENCY_IN_PROGRESS = 'idempotency_in_progress',
  UNPROCESSABLE = 'unprocessable',
  TOO_MANY_REQUESTS = 'too_many_requests',
  SERVICE_UNAVAILABLE = 'service_unavailable',
  INTERNAL = 'internal_error',
}

export const ERROR_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.VALIDATION_FAILED]: HttpStatus.BAD_REQUEST,
  [ErrorCode.MALFORMED_JSON]: HttpStatus.BAD_REQUEST,
  [ErrorCode.PAYLOAD_TOO_LARGE]: HttpStatus.PAYLOAD_TOO_LARGE,
  [ErrorCode.UNSUPPORTED_MEDIA_TYPE]: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  [ErrorCode.UNAUTHENTICATED]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.FORBIDDEN]: HttpStatus.FORBIDDEN,
  [ErrorCode.NOT_FOUND]: HttpStatus.NOT_FOUND,
  [ErrorCode.ILLEGAL_TRANSITION]: HttpStatus.CONFLICT,
  [ErrorCode.REVISIT_PENDING]: HttpStatus.CONFLICT,
  [ErrorCode.SUPERVISOR_REQUIRED]: HttpStatus.FORBIDDEN,
  [ErrorCode.STALE_VERSION]: HttpStatus.CONFLICT,
  [ErrorCode.CONFLICT]: HttpStatus.CONFLICT,
  [ErrorCode.IDEMPOTENCY_KEY_REUSED]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ErrorCode.IDEMPOTENCY_IN_PROGRESS]: HttpStatus.CONFLICT,
  [ErrorCode.UNPROCESSABLE]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ErrorCode.TOO_MANY_REQUESTS]: HttpStatus.TOO_MANY_REQUESTS,
  [ErrorCode.SERVICE_UNAVAILABLE]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCode.INTERNAL]: HttpStatus.INTERNAL_SERVER_ERROR,
};

export const ERROR_TITLE: Record<ErrorCode, string> = {
  [ErrorCode.VALIDATION_FAILED]: 'The request is not valid',
  [ErrorCode.MALFORMED_JSON]: 'The request body is not valid JSON',
  [ErrorCode.PAYLOAD_TOO_LARGE]: 'The request body is too large',
  [ErrorCode.UNSUPPORTED_MEDIA_TYPE]: 'The request body must be application/json',
  [ErrorCode.UNAUTHENTICATED]: 'Authentication is required',
  [ErrorCode.FORBIDDEN]: 'Your role may not do this',
  [ErrorCode.NOT_FOUND]: 'Not found',
  [ErrorCode.ILLEGAL_TRANSITION]: 'This status change is not allowed',
  [ErrorCode.REVISIT_PENDING]: 'The revisit of this complaint is not done yet',
  [ErrorCode.SUPERVISOR_REQUIRED]: 'This needs a supervisor, manager or admin',
  [ErrorCode.STALE_VERSION]: 'The resource was changed by someone else',
  [ErrorCode.CONFLICT]: 'Conflict',
  [ErrorCode.IDEMPOTENCY_KEY_REUSED]: 'The Idempotency-Key was used with another request body',
  [ErrorCode.IDEMPOTENCY_IN_PROGRESS]: 'A request with this Idempotency-Key is still being processed',
  [ErrorCode.UNPROCESSABLE]: 'The request cannot be processed',
  [ErrorCode.TOO_MANY_REQUESTS]: 'Too many requests',
  [ErrorCode.SERVICE_UNAVAILABLE]: 'The service cannot reach its database right now',
  [ErrorCode.INTERNAL]: 'Internal server error',
};
