import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { can, type EnvironmentAction } from '@outport/core';
import type { Request } from 'express';
import { Problem } from '../common/problem.js';
import { CONFIG } from '../config/config.module.js';
import type { Config } from '../config/config.js';
import { hasControlCharacter } from '../common/request-input.js';
import { Database } from '../database/database.js';
import { checkOrigin, isUnsafeMethod } from '../http/request-policy.js';
import { Environment, Membership } from '../database/entities/index.js';
import { CredentialsService, SESSION_COOKIE } from './credentials.service.js';
import { type AuthedRequest, type EnvironmentScope, PUBLIC_ROUTE, REQUIRED_ACTION } from './principal.js';

/**
 * The one place that authenticates every request and checks the caller's role in the environment
 * named by the `{env}` path parameter, through the core permission policy. It also holds the line
 * for browsers: a state-changing request authenticated by the session cookie must come from the
 * console's own origin. (InputGuard, which runs first, refuses bodies of media types the route
 * does not take, so a cross-site HTML form cannot post to a JSON endpoint.)
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

/** The named cookie's value; a value that is not valid percent-encoded text is refused (400), not a crash. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) {
      let value: string;
      try {
        value = decodeURIComponent(part.slice(index + 1).trim());
      } catch {
        throw Problem.badRequest(`The ${name} cookie is not valid percent-encoded UTF-8.`, [{ field: name, message: 'not valid percent-encoded UTF-8' }]);
      }
      if (hasControlCharacter(value)) throw Problem.badRequest(`The ${name} cookie contains a control character.`, [{ field: name, message: 'contains a control character' }]);
      return value;
    }
  }
  return undefined;
}
