import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiCookieAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Problem } from '../common/problem.js';
import { CONFIG } from '../config/config.module.js';
import type { Config } from '../config/config.js';
import { EnvironmentsService } from '../environments/environments.service.js';
import { MeDto, LoginRequest } from './auth.dto.js';
import { CredentialsService, SESSION_COOKIE } from './credentials.service.js';
import { LoginThrottleService } from './login-throttle.js';
import { CurrentPrincipal, Public, type Principal } from './principal.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly credentials: CredentialsService,
    private readonly environments: EnvironmentsService,
    private readonly throttle: LoginThrottleService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'login',
    summary: 'Log in with email and password; sets the session cookie. Repeated failures for one account or from one address are answered 429 with Retry-After.',
  })
  @ApiOkResponse({ type: MeDto })
  @ApiUnauthorizedResponse({ description: 'The email or password is not correct.' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed logins for this account or from this address; see Retry-After.' })
  async login(@Body() body: LoginRequest, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<MeDto> {
    const address = req.ip ?? 'unknown';
    const attempt = await this.throttle.begin(body.email, address);
    const session = await this.credentials.login(body.email, body.password);
    if (!session) {
      await this.throttle.failed(attempt);
      throw new Problem(401, 'invalid-credentials', 'Login failed', 'The email or password is not correct.');
    }
    await this.throttle.succeeded(attempt);
    res.cookie(SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'lax',
      // Secure whenever the request came over HTTPS (directly, or through a trusted proxy's X-Forwarded-Proto).
      secure: this.config.secureCookies || req.secure,
      path: '/',
      expires: session.expiresAt,
    });
    const principal = await this.credentials.authenticate(undefined, session.token);
    return this.me(principal!);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiCookieAuth()
  @ApiOperation({ operationId: 'logout', summary: 'End the session.' })
  @ApiNoContentResponse()
  async logout(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: Response): Promise<void> {
    if (principal.kind === 'user') await this.credentials.logout(principal.sessionTokenHash);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Get('me')
  @ApiOperation({ operationId: 'getMe', summary: 'The caller and the environments they can use, with their role in each.' })
  @ApiOkResponse({ type: MeDto })
  async me(@CurrentPrincipal() principal: Principal): Promise<MeDto> {
    const environments = await this.environments.listFor(principal);
    if (principal.kind === 'user') {
      return { kind: 'user', id: principal.userId, name: principal.name, email: principal.email, environments };
    }
    return { kind: 'api-key', id: principal.apiKeyId, name: principal.name, email: null, environments };
  }
}
