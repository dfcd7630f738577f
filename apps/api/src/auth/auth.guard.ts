import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { can, type EnvironmentAction } from '@outport/core';
import type { Request } from 'express';
import { Problem } from '../common/problem.js';
import { CONFIG } from '../config/config.module.js';
import type { Config } from '../config/config.js';
import { Database } from '../database/database.js';
import { checkOrigin, hasBody, isUnsafeMethod, mediaType } from '../http/request-policy.js';
import { Environment, Membership } from '../database/entities/index.js';
import { CredentialsService, SESSION_COOKIE } from './credentials.service.js';
import { ACCEPTED_MEDIA_TYPES, type AuthedRequest, type EnvironmentScope, PUBLIC_ROUTE, REQUIRED_ACTION } from './principal.js';

/** What a route takes when it declares nothing else with `@Accepts`. */
const DEFAULT_MEDIA_TYPES = ['application/json'];

/**
 * The one place that authenticates every request and checks the caller's role in the environment
 * named by the `{env}` path parameter, through the core permission policy. It also holds the line
 * for browsers: a body must be of a media type the route documents (so a cross-site HTML form
 * cannot post to a JSON endpoint), and a state-changing request authenticated by the session cookie
 * must come from the console's own origin.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly credentials: CredentialsService,
    private readonly db: Database,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    this.checkMediaType(req, this.reflector.getAllAndOverride<string[]>(ACCEPTED_MEDIA_TYPES, targets) ?? DEFAULT_MEDIA_TYPES);

    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) {
      // Login sets the cookie: a foreign page must not log a visitor into someone else's account.
      if (isUnsafeMethod(req.method)) this.checkOrigin(req, false);
      return true;
    }

    const principal = await this.credentials.authenticate(req.headers.authorization, readCookie(req.headers.cookie, SESSION_COOKIE));
    if (!principal) throw Problem.unauthorized();
    if (principal.kind === 'user' && isUnsafeMethod(req.method)) this.checkOrigin(req, true);
    req.principal = principal;

    const envParam = req.params?.env;
    if (typeof envParam !== 'string') return true;
    req.scope = await this.resolveScope(envParam, req);
    const action = this.reflector.getAllAndOverride<EnvironmentAction>(REQUIRED_ACTION, targets) ?? 'environment.view';
    if (!can(req.scope.actor, action)) {
      throw Problem.forbidden(`Your role (${req.scope.actor.role}) in ${req.scope.environment.name} does not allow this (${action}).`);
    }
    return true;
  }

  private checkMediaType(req: Request, accepted: string[]): void {
    if (!hasBody(req)) return;
    const type = mediaType(req.headers['content-type']);
    if (type && accepted.includes(type)) return;
    throw new Problem(415, 'unsupported-media-type', 'Unsupported media type', `This endpoint takes ${accepted.join(' or ')}, not ${type ?? 'a body without a content type'}.`, {
      errors: [{ field: 'content-type', message: `expected ${accepted.join(' or ')}` }],
    });
  }

  private checkOrigin(req: Request, required: boolean): void {
    const verdict = checkOrigin(req, this.config.publicUrl, required);
    if (!verdict.ok) throw new Problem(403, 'cross-site-request', 'Cross-site request refused', verdict.reason);
  }

  private async resolveScope(envParam: string, req: AuthedRequest): Promise<EnvironmentScope> {
    const principal = req.principal!;
    const em = this.db.em;
    const environment = await em.findOne(Environment, { slug: envParam });
    // Unknown environments and environments the caller has no role in look the same: no leak.
    const notFound = Problem.notFound('Environment', envParam);
    if (!environment) throw notFound;
    const summary = { id: environment.id, slug: environment.slug, name: environment.name, kind: environment.kind };
    if (principal.kind === 'api-key') {
      if (principal.environmentId !== environment.id) throw notFound;
      return { environment: summary, principal, actor: { userId: null, role: principal.role } };
    }
    const membership = await em.findOne(Membership, { user: principal.userId, environment: environment.id });
    if (!membership) throw notFound;
    return { environment: summary, principal, actor: { userId: principal.userId, role: membership.role } };
  }
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) {
      // A badly encoded cookie is no session, not a server error.
      try {
        return decodeURIComponent(part.slice(index + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
