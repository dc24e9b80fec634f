import { ErrorCode } from './error-code';

export interface FieldError {
  field: string;
  message: string;
}

/** The one exception type of the service; the problem filter maps its code to an HTTP status. */
export class AppException extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extras: { errors?: FieldError[]; [key: string]: unknown } = {},
  ) {
    super(detail);
    this.name = 'AppException';
  }

  static notFound(what: string, id: string): AppException {
    return new AppException(ErrorCode.NOT_FOUND, `${what} ${id} was not found`);
  }

  /** Optimistic concurrency: throws 409 when the caller expected another version. */
  static assertVersion(what: string, currentVersion: number, expectedVersion: number | undefined): void {
    if (expectedVersion === undefined || expectedVersion === currentVersion) return;
    throw new AppException(ErrorCode.STALE_VERSION, `The ${what} is at version ${currentVersion}, not ${expectedVersion}; reload it and retry`, { currentVersion });
  }

  static validation(errors: FieldError[], detail?: string): AppException {
    return new AppException(ErrorCode.VALIDATION_FAILED, detail ?? errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
  }
}
