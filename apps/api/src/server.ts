import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type LogLevel } from '@nestjs/common';
import { ModulesContainer, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { AppModule } from './app.module.js';
import { securityHeaders } from './http/security-headers.js';
import type { Config } from './config/config.js';
import type { Orm } from './database/orm.js';
import { SESSION_COOKIE } from './auth/credentials.service.js';
import { PUBLIC_ROUTE } from './auth/principal.js';
import { answerClientError, checkRequestEncoding, jsonBodyOptions, MAX_JSON_BYTES } from './common/request-input.js';

export const API_PREFIX = 'api/v1';

const LEVELS: Record<Config['logLevel'], LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

/** Builds the HTTP application: API under /api/v1, OpenAPI at /api/docs, the console at /. */
export async function createApp(config: Config, orm: Orm): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, orm), {
    logger: LEVELS[config.logLevel],
    // The one body parser is configured below, after the URL check.
    bodyParser: false,
  });
  // A request Node cannot parse gets a problem too, not a bare status line.
  app.getHttpServer().on('clientError', answerClientError);
  // Security headers first, so the problems of the checks below (refused before routing) carry them too.
  app.use(securityHeaders(consoleEntry(config.consoleDir)));
  // Bad percent-encoding or invalid UTF-8 in the URL is refused before the router tries to decode it.
  app.use(checkRequestEncoding);
  // JSON bodies only (uploads stream raw): UTF-8, bounded in size and depth, no NUL characters.
  app.useBodyParser('json', jsonBodyOptions);
  app.setGlobalPrefix(API_PREFIX);
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  const document = openApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
  serveConsole(app, config.consoleDir);
  return app;
}

export function openApiDocument(app: NestExpressApplication): OpenAPIObject {
  const options = new DocumentBuilder()
    .setTitle('Outport API')
    .setDescription(
      'Send customer segments and tables to target systems. Errors are application/problem+json (RFC 9457). ' +
        'Authenticate with the session cookie (console) or `Authorization: Bearer <API key>`.',
    )
    .setVersion('1')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addServer('/', 'The Outport server that serves this document')
    .addSecurity('bearer', {
      type: 'http',
      scheme: 'bearer',
      description: 'An API key (`opk_…`, an opaque token, not a JWT) that an admin creates at `/api/v1/environments/{env}/api-keys`; it carries a role in that environment.',
    })
    .addCookieAuth(SESSION_COOKIE, { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'The console session, set by `POST /api/v1/auth/login`.' }, 'cookie')
    .build();
  const document = SwaggerModule.createDocument(app, options, {
    operationIdFactory: (_controller, method) => method,
  });
  return describeContract(document, publicOperations(app));
}

/** What every operation can answer besides its own responses: problems, by status. */
const PROBLEM_RESPONSES: Record<string, { name: string; description: string }> = {
  '400': { name: 'BadRequest', description: 'Invalid request: a parameter or the body is malformed or breaks a rule; the problem names it.' },
  '401': { name: 'Unauthorized', description: 'Not authenticated: log in (session cookie) or send an API key.' },
  '403': { name: 'Forbidden', description: "The caller's role in the environment does not allow this, or a change made with the console's session came from another origin." },
  '404': { name: 'NotFound', description: 'No such object, or the caller cannot see it.' },
  '413': { name: 'PayloadTooLarge', description: `The JSON body is larger than ${MAX_JSON_BYTES}.` },
  '415': { name: 'UnsupportedMediaType', description: 'The body is not of a media type (or charset) the operation takes.' },
  '503': { name: 'ServiceUnavailable', description: 'The database (or, to start a run, the job queue) is unavailable for now, e.g. restarting; try again after `Retry-After` seconds.' },
};

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'An RFC 9457 problem. `type` is a stable slug under /problems/ to branch on; `errors` says where (a field, a line) and what is wrong.',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', example: '/problems/invalid-request' },
    title: { type: 'string', example: 'Invalid request' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string' },
    instance: { type: 'string', description: 'The request path' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['message'],
        properties: { field: { type: 'string' }, line: { type: 'integer' }, message: { type: 'string' } },
      },
    },
  },
} as const;

const problemContent = () => ({ 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } });

/**
 * Completes the generated document so it says what the API does: which operations need
 * credentials (all but `@Public()` ones), and the problems each operation can answer: 400 for bad
 * input (every route checks it), 401 where credentials are needed, 403 in an environment and on
 * every change (a cross-site one is refused), 404 in an environment and for an object named in the path, 413 and 415 where a body is taken, 503 while the database
 * is unavailable (every operation reads it). Responses a controller
 * declares itself (409, 422, …) get the problem schema too.
 */
function describeContract(document: OpenAPIObject, publicIds: Set<string>): OpenAPIObject {
  const components = (document.components ??= {});
  components.schemas = { ...components.schemas, Problem: PROBLEM_SCHEMA as never };
  components.responses = {
    ...components.responses,
    ...Object.fromEntries(Object.values(PROBLEM_RESPONSES).map(({ name, description }) => [name, { description, content: problemContent() }])),
  };
  document.security = [{ bearer: [] }, { cookie: [] }];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'put', 'post', 'patch', 'delete'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const isPublic = publicIds.has(operation.operationId ?? '');
      if (isPublic) operation.security = [];
      const statuses = ['400'];
      if (!isPublic) statuses.push('401');
      // A change made with the console's session from another origin is refused (CSRF), login included.
      if (path.includes('{env}') || method !== 'get') statuses.push('403');
      if (path.includes('{')) statuses.push('404');
      if (operation.requestBody) statuses.push('413', '415');
      statuses.push('503');
      for (const status of statuses) {
        if (!operation.responses[status]) operation.responses[status] = { $ref: `#/components/responses/${PROBLEM_RESPONSES[status]!.name}` };
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        if (/^[45]\d\d$/.test(status) && response && !('$ref' in response) && !response.content) response.content = problemContent();
      }
    }
  }
  return document;
}

/** Where nest's swagger module keeps `@ApiOperation(...)` (not exported by the package). */
const API_OPERATION = 'swagger/apiOperation';

/** The operation ids of `@Public()` handlers: the same metadata the auth guard reads. */
function publicOperations(app: NestExpressApplication): Set<string> {
  const ids = new Set<string>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!type) continue;
      const classPublic = Reflect.getMetadata(PUBLIC_ROUTE, type) === true;
      const prototype = type.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        if (!classPublic && Reflect.getMetadata(PUBLIC_ROUTE, handler) !== true) continue;
        const operation = Reflect.getMetadata(API_OPERATION, handler) as { operationId?: string } | undefined;
        ids.add(operation?.operationId ?? name);
      }
    }
  }
  return ids;
}

function consoleEntry(dir: string): string | null {
  return ['200.html', 'index.html'].map((f) => join(dir, f)).find((f) => existsSync(f)) ?? null;
}

/** The console is a static single-page app; unknown non-API paths get its entry page. */
function serveConsole(app: NestExpressApplication, dir: string): void {
  const entry = consoleEntry(dir);
  if (!entry) return;
  app.useStaticAssets(dir, {
    index: false,
    maxAge: '1h',
    // Hashed bundles never change; everything else is revalidated.
    setHeaders: (res: Response, path: string) => {
      if (path.includes('/_app/immutable/')) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    },
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || req.path.startsWith('/api')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(entry);
  });
}
