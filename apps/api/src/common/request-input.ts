import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { type CanActivate, type ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { ACCEPTED_MEDIA_TYPES } from '../auth/principal.js';
import { Problem } from './problem.js';

/**
 * Request input checks that apply to every route, before any of them reads a parameter or the
 * database sees a value. Bad input is refused with a 400 (413, 415) problem that names what is wrong;
 * it never reaches a handler, so it can neither fail with a 500 nor write anything.
 *
 * - `checkRequestEncoding` (middleware, before routing): the path and the query string are valid
 *   percent-encoded UTF-8.
 * - `InputGuard` (global guard, before authentication): no path or query parameter contains control
 *   characters, and a request body is JSON unless the operation declares other media types.
 * - `answerClientError` (the HTTP server): a request Node cannot even parse (raw bytes or control
 *   characters in the request line or a header, headers over 16 kB) gets a problem too, 400 or 431.
 * - `jsonBodyOptions` (the JSON body parser): the body is UTF-8, at most `MAX_JSON_BYTES`, nested at
 *   most `MAX_JSON_DEPTH` deep, no string or key in it contains a NUL character (which no
 *   database text column can hold), and no key is `__proto__`, `constructor` or `prototype`.
 */

/** Largest JSON request body. */
export const MAX_JSON_BYTES = '100kb';
/** Deepest nesting of objects and arrays in a JSON request body (rule trees need far less). */
export const MAX_JSON_DEPTH = 64;

/**
 * Keys that mean something to JavaScript objects: `__proto__` would replace an object's prototype
 * instead of setting a field once the body is mapped onto a DTO, and the mapping silently drops the
 * others. No field of this API is called so.
 */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const RESERVED_KEY_HINT = /__proto__|constructor|prototype/;

const isControl = (code: number): boolean => code < 0x20 || (code >= 0x7f && code <= 0x9f);

/** Whether the text holds a C0 or C1 control character or DEL: never meaningful in an id, a key, a name or a search. */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isControl(text.charCodeAt(i))) return true;
  return false;
}

/** The text as a problem may quote it: cut short, control characters spelled out. */
const show = (text: string): string => {
  const cut = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return [...cut].map((c) => (isControl(c.charCodeAt(0)) ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c)).join('');
};

function decodeOrNull(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/**
 * Refuses a request whose path or query string is not valid percent-encoded UTF-8 (`%ZZ`, a lone
 * `%`, `%FF`, an overlong or surrogate sequence). The router would otherwise fail to decode it.
 */
export function checkRequestEncoding(req: Request, _res: Response, next: NextFunction): void {
  const url = req.originalUrl ?? req.url;
  const mark = url.indexOf('?');
  const path = mark < 0 ? url : url.slice(0, mark);
  const query = mark < 0 ? '' : url.slice(mark + 1);
  for (const segment of path.split('/')) {
    if (decodeOrNull(segment) === null) {
      return next(badRequest(`The request path segment '${show(segment)}' is not valid percent-encoded UTF-8.`, 'path', 'not valid percent-encoded UTF-8'));
    }
  }
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const at = pair.indexOf('=');
    const rawName = at < 0 ? pair : pair.slice(0, at);
    const name = decodeOrNull(rawName.replace(/\+/g, ' '));
    const value = at < 0 ? '' : decodeOrNull(pair.slice(at + 1).replace(/\+/g, ' '));
    if (name === null) return next(badRequest(`The query parameter name '${show(rawName)}' is not valid percent-encoded UTF-8.`, rawName, 'not valid percent-encoded UTF-8'));
    if (value === null) return next(badRequest(`The query parameter '${show(name)}' is not valid percent-encoded UTF-8.`, name, 'not valid percent-encoded UTF-8'));
  }
  next();
}

function badRequest(detail: string, field: string, message: string): Problem {
  return Problem.badRequest(detail, [{ field: show(field), message }]);
}

/** What a route takes when it declares nothing else with `@Accepts`. */
const DEFAULT_MEDIA_TYPES = ['application/json'];

/**
 * Runs before authentication on every route: path and query parameters are free of control
 * characters (a NUL byte, an escape sequence), and a request body is JSON where the operation
 * does not declare other media types.
 */
@Injectable()
export class InputGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    for (const [name, value] of Object.entries(req.params ?? {})) {
      for (const text of [value].flat()) {
        if (typeof text === 'string' && hasControlCharacter(text)) {
          throw badRequest(`The path parameter '${name}' contains a control character ('${show(text)}').`, name, 'contains a control character');
        }
      }
    }
    checkQuery(req.query);
    // The media types come from the route's `@Accepts` (documented in the OpenAPI document from the same declaration).
    const accepted = this.reflector.getAllAndOverride<string[] | undefined>(ACCEPTED_MEDIA_TYPES, [context.getHandler(), context.getClass()]) ?? DEFAULT_MEDIA_TYPES;
    if (hasBody(req) && !req.is(accepted)) {
      throw new Problem(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'unsupported-media-type',
        'Unsupported media type',
        `Send the request body as ${accepted.join(' or ')}, not ${req.headers['content-type'] || 'without a content type'}.`,
        { errors: [{ field: 'content-type', message: `must be ${accepted.join(' or ')}` }] },
      );
    }
    return true;
  }
}

function checkQuery(query: Record<string, unknown> | undefined, prefix = ''): void {
  for (const [key, value] of Object.entries(query ?? {})) {
    const name = `${prefix}${key}`;
    if (hasControlCharacter(key)) throw badRequest(`The query parameter name '${show(name)}' contains a control character.`, name, 'contains a control character');
    for (const item of [value].flat()) {
      if (typeof item === 'string' && hasControlCharacter(item)) {
        throw badRequest(`The query parameter '${show(name)}' contains a control character ('${show(item)}').`, name, 'contains a control character');
      }
      if (item && typeof item === 'object') checkQuery(item as Record<string, unknown>, `${name}.`);
    }
  }
}

function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/**
 * Inspects a JSON body before it is parsed: UTF-8 (RFC 8259), nesting depth, NUL characters.
 * Returns the problem to answer, or null. One pass over the text; it is parsed here only when
 * it holds a NUL escape or a reserved key, to name the field.
 */
export function inspectJsonBody(buf: Buffer, charset: string | null): Problem | null {
  if (charset && charset.toLowerCase() !== 'utf-8' && charset.toLowerCase() !== 'utf8') {
    return new Problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'unsupported-media-type', 'Unsupported media type', `JSON bodies are UTF-8, not ${charset}.`, {
      errors: [{ field: 'content-type', message: `unsupported charset ${charset}` }],
    });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return Problem.badRequest('The request body is not valid UTF-8.', [{ field: 'body', message: 'not valid UTF-8' }]);
  }
  let depth = 0;
  let inString = false;
  let nul = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) {
        if (text.startsWith('u0000', i + 1)) nul = true;
        i++;
      } else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) {
        return Problem.badRequest(`The request body is nested deeper than ${MAX_JSON_DEPTH} levels.`, [{ field: 'body', message: `nested deeper than ${MAX_JSON_DEPTH} levels` }]);
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  if (!nul && !RESERVED_KEY_HINT.test(text)) return null;
  const found: { field: string; message: string }[] = [];
  try {
    JSON.parse(text, (key: string, value: unknown) => {
      if (found.length) return value;
      if (RESERVED_KEYS.has(key)) found.push({ field: key, message: 'is a reserved name, not allowed as a key' });
      else if (key.includes('\0') || (typeof value === 'string' && value.includes('\0'))) found.push({ field: key, message: 'contains a NUL character (\\u0000), which cannot be stored' });
      return value;
    });
  } catch {
    return null; // not JSON at all: the parser says so
  }
  if (!found[0]) return null;
  const { field, message } = found[0];
  return Problem.badRequest(`The body field '${show(field)}' ${message}.`, [{ field: show(field), message }]);
}

/** Options of the one JSON body parser (see createApp). */
export const jsonBodyOptions = {
  limit: MAX_JSON_BYTES,
  verify(_req: IncomingMessage, _res: ServerResponse, buf: Buffer, encoding: string | null): void {
    const problem = inspectJsonBody(buf, encoding);
    // body-parser decorates what is thrown here (it sets `body` and `type` on it) and Nest wraps it
    // in an HttpException, so the problem travels as a cause; the problem filter finds it there.
    if (problem) throw Object.assign(new Error(problem.detail ?? problem.title, { cause: problem }), { status: problem.getStatus() });
  },
};

/**
 * Answers a request that Node's HTTP parser refuses before any route sees it (invalid bytes in
 * the request line or a header, headers larger than Node's 16 kB limit) with a problem instead of
 * Node's bare status line: 431 for headers too large, 408 for a request that took too long, 400
 * otherwise.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const detail =
    status === 431
      ? 'The request line and headers are larger than the server accepts (16 kB).'
      : status === 408
        ? 'The request took too long to arrive.'
        : 'The request is not valid HTTP: the request line or a header holds bytes that are not allowed (control characters, raw non-ASCII bytes).';
  const body = JSON.stringify({ type: `/problems/http-${status}`, title: STATUS_CODES[status] ?? 'Bad request', status, detail });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: application/problem+json\r\nX-Content-Type-Options: nosniff\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
