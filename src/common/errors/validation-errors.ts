import { ValidationError } from 'class-validator';
import { AppException, FieldError } from './app.exception';

/** Flattens class-validator errors into `{ field, message }` with dotted paths (customer.externalRef, items[0].x). */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const isIndex = /^\d+$/.test(error.property);
    const field = parent ? (isIndex ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      out.push({ field, message: message.replace(/^property (\S+) should not exist$/, '$1 is not a known field') });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

export function validationExceptionFactory(errors: ValidationError[]): AppException {
  return AppException.validation(flattenValidationErrors(errors));
}
