import { ApiExtension } from '@nestjs/swagger';

/** Marks, in the OpenAPI document, a 4xx a route gives for its own reason (read by src/app/openapi-document.ts). */
export const PROBLEM_EXTENSION_PREFIX = 'x-problem-';

/**
 * Documents a route-specific 4xx, e.g. `@ApiProblem(409, 'A customer with this externalRef exists')`:
 * the document gets the response with the Problem body and this description. The statuses every
 * route of its kind can give (401, 403, 404, ...) are added centrally; this is for the others
 * and for saying more than the general description. (Unlike @ApiConflictResponse and the like,
 * it leaves the success response the Swagger plugin infers in place.)
 */
export function ApiProblem(status: number, description: string): MethodDecorator {
  if (status < 400 || status > 499) throw new Error(`ApiProblem is for 4xx statuses, not ${status}`);
  return ApiExtension(`${PROBLEM_EXTENSION_PREFIX}${status}`, description);
}
