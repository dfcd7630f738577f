import { Body, Controller, Get, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiCookieAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { Problem } from '../common/problem.js';
import { CONFIG } from '../config/config.module.js';
import type { Config } from '../config/config.js';
import { EnvironmentsService } from '../environments/environments.service.js';
import { MeDto, LoginRequest } from './auth.dto.js';
import { CredentialsService, SESSION_COOKIE } from './credentials.service.js';
import { CurrentPrincipal, Public, type Principal } from './principal.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly credentials: CredentialsService,
    private readonly environments: EnvironmentsService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ operationId: 'login', summary: 'Log in with email and password; sets the session cookie.' })
  @ApiOkResponse({ type: MeDto })
  @ApiUnauthorizedResponse({ description: 'The email or password is not correct.' })
  async login(@Body() body: LoginRequest, @Res({ passthrough: true }) res: Response): Promise<MeDto> {
    const session = await this.credentials.login(body.email, body.password);
    if (!session) throw new Problem(401, 'invalid-credentials', 'Login failed', 'The email or password is not correct.');
    res.cookie(SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.secureCookies,
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
