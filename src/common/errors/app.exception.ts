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

  static validation(errors: FieldError[], detail?: string): AppException {
    return new AppException(ErrorCode.VALIDATION_FAILED, detail ?? errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
  }
}
