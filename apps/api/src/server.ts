import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { AppModule } from './app.module.js';
import type { Config } from './config/config.js';
import type { Orm } from './database/orm.js';
import { checkRequestEncoding, jsonBodyOptions } from './common/request-input.js';

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
  // Bad percent-encoding or invalid UTF-8 in the URL is refused before the router tries to decode it.
  app.use(checkRequestEncoding);
  // JSON bodies only (uploads stream raw): UTF-8, bounded in size and depth, no NUL characters.
  app.useBodyParser('json', jsonBodyOptions);
  app.setGlobalPrefix(API_PREFIX);
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const document = openApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
  serveConsole(app, config.consoleDir);
  return app;
}

export function openApiDocument(app: NestExpressApplication): OpenAPIObject {
  const options = new DocumentBuilder()
    .setTitle('Outport API')
    .setDescription(
      'Send customer segments and tables to target systems. Errors are application/problem+json. ' +
        'Authenticate with the session cookie (console) or `Authorization: Bearer <API key>`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key' })
    .addCookieAuth('outport_session')
    .build();
  return SwaggerModule.createDocument(app, options, {
    operationIdFactory: (_controller, method) => method,
  });
}

/** The console is a static single-page app; unknown non-API paths get its entry page. */
function serveConsole(app: NestExpressApplication, dir: string): void {
  const entry = ['200.html', 'index.html'].map((f) => join(dir, f)).find((f) => existsSync(f));
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
