import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiConsumes } from '@nestjs/swagger';
import type { Actor, EnvironmentAction, EnvironmentKind, Role } from '@outport/core';
import type { Request } from 'express';

/** Who is calling: a logged-in user or an API key (which belongs to one environment). */
export type Principal =
  | { kind: 'user'; userId: string; email: string; name: string; sessionTokenHash: string }
  | { kind: 'api-key'; apiKeyId: string; name: string; environmentId: string; role: Role };

/** The caller inside one environment: who, with which role. Set by the guard on `/environments/{env}/…` routes. */
export interface EnvironmentScope {
  environment: { id: string; slug: string; name: string; kind: EnvironmentKind };
  principal: Principal;
  actor: Actor;
}

export interface AuthedRequest extends Request {
  principal?: Principal;
  scope?: EnvironmentScope;
}

export const PUBLIC_ROUTE = 'outport:public';
export const REQUIRED_ACTION = 'outport:action';
export const ACCEPTED_MEDIA_TYPES = 'outport:accepts';

/**
 * The media types a route's body may have (JSON when not stated), documented in the OpenAPI
 * document and enforced by the guard from the same declaration.
 */
export const Accepts = (...types: string[]) => applyDecorators(ApiConsumes(...types), SetMetadata(ACCEPTED_MEDIA_TYPES, types));

/** The route needs no authentication (login, health). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The environment action the caller's role must allow; environment routes default to 'environment.view'. */
export const Requires = (action: EnvironmentAction) => SetMetadata(REQUIRED_ACTION, action);

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a public route');
  return principal;
});

export const Scope = createParamDecorator((_: unknown, ctx: ExecutionContext): EnvironmentScope => {
  const scope = ctx.switchToHttp().getRequest<AuthedRequest>().scope;
  if (!scope) throw new Error('Scope used on a route without an {env} parameter');
  return scope;
});

/** Who changed something, as people read it ("Last updated by"): the user's name, or the API key's. */
export function actorLabel(principal: Principal): string {
  return principal.kind === 'user' ? principal.name : `API key "${principal.name}"`;
}
