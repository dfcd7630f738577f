import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ForeignKeyConstraintViolationException, NotFoundError, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Request, Response } from 'express';
import { isDatabaseUnavailable } from '../database/availability.js';
import { Problem, type ProblemBody } from './problem.js';

/** What a request that met a database outage is answered. */
const DATABASE_UNAVAILABLE = Problem.unavailable('The database is unavailable right now (restarting or unreachable). Try again in a few seconds.');

const TITLES: Record<number, string> = {
  400: 'Invalid request',
  401: 'Authentication required',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Request too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
};

/** Renders every error as application/problem+json; unexpected errors are logged, never echoed. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(thrown: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    // A database outage is no bug of ours: the caller is told to come back, and the log gets one line.
    const outage = !findProblem(thrown) && isDatabaseUnavailable(thrown);
    if (outage) this.logger.warn(`${req.method} ${req.path}: the database is unavailable (${thrown instanceof Error ? thrown.message : String(thrown)})`);
    const error = outage ? DATABASE_UNAVAILABLE : thrown;
    const body = this.toProblem(error, req);
    if (body.status >= 500 && body.status !== 503) {
      this.logger.error(`${req.method} ${req.path} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    if (error instanceof Problem) for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
    res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  }

  private toProblem(error: unknown, req: Request): ProblemBody {
    const instance = req.originalUrl;
    // A problem, or one raised inside a middleware and wrapped on its way here (the JSON body checks).
    const problem = findProblem(error);
    if (problem) return problem.body(instance);
    if (error instanceof UniqueConstraintViolationException) {
      return Problem.conflict('Something with the same name or key already exists.').body(instance);
    }
    if (error instanceof ForeignKeyConstraintViolationException) {
      return Problem.conflict('It is still referenced by other objects.').body(instance);
    }
    if (error instanceof NotFoundError) {
      return new Problem(404, 'not-found', 'Not found', 'The requested object does not exist.').body(instance);
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const response = error.getResponse();
      // class-validator failures arrive as { message: string[] }.
      const messages =
        typeof response === 'object' && response !== null && Array.isArray((response as { message?: unknown }).message)
          ? ((response as { message: string[] }).message)
          : null;
      // body-parser's JSON errors arrive as a plain 400 whose message is the JSON.parse error.
      const badJson = status === 400 && !messages && ((error.cause as { type?: string } | undefined)?.type === 'entity.parse.failed' || /JSON/.test(error.message));
      const detail = messages ? messages.join('; ') : badJson ? `The request body is not valid JSON (${error.message}).` : error.message;
      return {
        type: status === 404 ? '/problems/not-found' : `/problems/http-${status}`,
        title: TITLES[status] ?? 'Error',
        status,
        detail: status === 404 && !messages ? `No route ${req.method} ${req.path}.` : detail,
        instance,
        ...(messages ? { errors: messages.map((message) => ({ field: message.split(' ')[0], message })) } : {}),
      };
    }
    if (isBodyParserError(error)) {
      return {
        type: '/problems/invalid-request',
        title: TITLES[error.status] ?? 'Invalid request',
        status: error.status,
        detail: error.status === 413 ? 'The request body is too large.' : 'The request body is not valid JSON.',
        instance,
      };
    }
    return { type: '/problems/internal', title: 'Internal error', status: HttpStatus.INTERNAL_SERVER_ERROR, detail: 'Something went wrong on our side; it has been logged.', instance };
  }
}

function findProblem(error: unknown): Problem | null {
  for (let e = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    if (e instanceof Problem) return e;
  }
  return null;
}

function isBodyParserError(error: unknown): error is { status: number; type: string } {
  return typeof error === 'object' && error !== null && typeof (error as { status?: unknown }).status === 'number' && typeof (error as { type?: unknown }).type === 'string';
}
