import { HttpException, HttpStatus } from '@nestjs/common';

/** One item of a problem's `errors` list: where (a field, a line) and what is wrong. */
export interface ProblemItem {
  field?: string;
  line?: number;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: ProblemItem[];
  [extension: string]: unknown;
}

/**
 * An RFC 9457 problem. Throw it anywhere; the global filter renders it as application/problem+json.
 * `type` is a stable slug under /problems/ so clients can branch on it.
 */
export class Problem extends HttpException {
  constructor(
    status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: { errors?: ProblemItem[]; [key: string]: unknown } = {},
  ) {
    super(detail ?? title, status);
  }

  static badRequest(detail: string, errors?: ProblemItem[]): Problem {
    return new Problem(HttpStatus.BAD_REQUEST, 'invalid-request', 'Invalid request', detail, errors ? { errors } : {});
  }

  static notFound(what: string, id: string): Problem {
    return new Problem(HttpStatus.NOT_FOUND, 'not-found', `${what} not found`, `No ${what.toLowerCase()} '${id}' here.`);
  }

  static conflict(detail: string, extensions: Record<string, unknown> = {}): Problem {
    return new Problem(HttpStatus.CONFLICT, 'conflict', 'Conflict', detail, extensions);
  }

  static unauthorized(detail = 'Log in or send an API key (Authorization: Bearer <key>).'): Problem {
    return new Problem(HttpStatus.UNAUTHORIZED, 'unauthenticated', 'Authentication required', detail);
  }

  static forbidden(detail: string): Problem {
    return new Problem(HttpStatus.FORBIDDEN, 'forbidden', 'Not allowed', detail);
  }

  /** 429 with `Retry-After` in whole seconds. */
  static tooManyRequests(detail: string, retryAfterSeconds: number): Problem {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    const problem = new Problem(HttpStatus.TOO_MANY_REQUESTS, 'too-many-requests', 'Too many requests', detail, { retryAfterSeconds: seconds });
    problem.headers['retry-after'] = String(seconds);
    return problem;
  }

  /** 503 with `Retry-After`: something the server depends on (the database, Redis) is unavailable for now. */
  static unavailable(detail: string, retryAfterSeconds = 5): Problem {
    const problem = new Problem(HttpStatus.SERVICE_UNAVAILABLE, 'unavailable', 'Service unavailable', detail);
    problem.headers['retry-after'] = String(retryAfterSeconds);
    return problem;
  }

  /** Response headers that belong to the problem (Retry-After). */
  readonly headers: Record<string, string> = {};

  body(instance?: string): ProblemBody {
    return {
      type: `/problems/${this.slug}`,
      title: this.title,
      status: this.getStatus(),
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
      ...this.extensions,
    };
  }
}
