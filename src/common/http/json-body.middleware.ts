import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { json } from 'express';
import { FieldError } from '../errors/app.exception';
import { ErrorCode } from '../errors/error-code';
import { problemFor, sendProblem } from '../errors/problem-details.filter';

/** Deepest nesting of objects and arrays a body may have; no DTO comes near it. */
export const MAX_JSON_DEPTH = 32;
const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * The request-input gate every route is behind, applied once to the whole app:
 *
 * - a body on an `/api/` route must be JSON (415 otherwise, instead of a 400 listing every field);
 * - JSON parsing failures (malformed, too large, wrong charset) become problem+json;
 * - the parsed body may nest at most MAX_JSON_DEPTH levels (deeper ones never reach the
 *   recursive transformer and validator, which would overflow the stack);
 * - no string, key or query value carries a NUL (PostgreSQL refuses it in text) or a lone
 *   UTF-16 surrogate (it cannot be stored as UTF-8), and no key is `__proto__` (class-transformer
 *   would turn it into the DTO's prototype, unseen by the whitelist).
 *
 * Each refusal is a 400 naming the field, like a validation error.
 */
export function jsonBodyParser(limit = '1mb', maxDepth = MAX_JSON_DEPTH): RequestHandler {
  const parse = json({ limit, type: JSON_TYPES });
  return (req: Request, res: Response, next: NextFunction) => {
    const queryProblems = inputProblems(req.query, '', maxDepth);
    if (queryProblems.length > 0) return sendProblem(req, res, validationProblem(queryProblems));
    if (carriesBody(req) && req.path.startsWith('/api/') && !req.is(JSON_TYPES)) {
      return sendProblem(
        req,
        res,
        problemFor(ErrorCode.UNSUPPORTED_MEDIA_TYPE, `The request body must be application/json, not ${req.headers['content-type']?.slice(0, 100) ?? 'untyped'}`),
      );
    }
    parse(req, res, (error?: unknown) => {
      if (error) return sendProblem(req, res, parseProblem(error, limit));
      const problems = inputProblems(req.body, '', maxDepth);
      if (problems.length > 0) return sendProblem(req, res, validationProblem(problems));
      next();
    });
  };
}

/** A body is there when the request says it has a length above 0 or is chunked. */
function carriesBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(req.headers['content-length']);
  return Number.isFinite(length) && length > 0;
}

function parseProblem(error: unknown, limit: string) {
  const err = error as { type?: string; status?: number; message?: string };
  if (err.type === 'entity.too.large') return problemFor(ErrorCode.PAYLOAD_TOO_LARGE, `The body exceeds ${limit}`);
  if (err.status === 415) return problemFor(ErrorCode.UNSUPPORTED_MEDIA_TYPE, `The request body must be UTF-8 application/json: ${err.message ?? 'unsupported encoding'}`);
  return problemFor(ErrorCode.MALFORMED_JSON, err.message ?? 'Malformed JSON', { errors: [{ field: 'body', message: err.message ?? 'malformed JSON' }] });
}

function validationProblem(errors: FieldError[]) {
  return problemFor(ErrorCode.VALIDATION_FAILED, errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
}

const MAX_REPORTED = 10;
const NUL = '\u0000';
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const printable = (key: string): string => key.replaceAll(NUL, '\\u0000').replace(/[\ud800-\udfff]/g, '\\ufffd');
const childPath = (parent: string, key: string, isIndex: boolean): string =>
  isIndex ? `${parent || 'body'}[${key}]` : parent ? `${parent}.${printable(key)}` : printable(key);

function stringProblem(value: string): string | null {
  if (value.includes(NUL)) return 'must not contain a NUL character (\\u0000)';
  if (LONE_SURROGATE.test(value)) return 'must be well-formed Unicode (no lone surrogate)';
  return null;
}

/**
 * The problems of a parsed body or query, with dotted field paths (`customer.name`,
 * `churnSignals[1]`); at most MAX_REPORTED. The walk stops below `maxDepth`, so it never
 * recurses deeper than that however deep the input is.
 */
export function inputProblems(value: unknown, path: string, maxDepth: number, depth = 0, out: FieldError[] = [], top = path): FieldError[] {
  if (out.length >= MAX_REPORTED) return out;
  if (typeof value === 'string') {
    const message = stringProblem(value);
    if (message) out.push({ field: path || 'body', message: `${path || 'body'} ${message}` });
    return out;
  }
  if (value === null || typeof value !== 'object') return out;
  if (depth >= maxDepth) {
    // Named by its top-level field: the full path would be as long as the nesting.
    out.push({ field: top || 'body', message: `${top || 'body'} nests objects or arrays too deeply (depth > ${maxDepth})` });
    return out;
  }
  const isArray = Array.isArray(value);
  for (const key of Object.keys(value)) {
    const field = childPath(path, key, isArray);
    if (!isArray) {
      if (key === '__proto__') out.push({ field, message: `${field} is not a known field` });
      const message = stringProblem(key);
      if (message) out.push({ field, message: `the name of ${field} ${message}` });
    }
    inputProblems((value as Record<string, unknown>)[key], field, maxDepth, depth + 1, out, depth === 0 && !isArray ? field : top);
    if (out.length >= MAX_REPORTED) break;
  }
  return out;
}
