import { Inject, Injectable } from '@nestjs/common';
import { CONFIG } from '../config/config.module.js';
import type { Config } from '../config/config.js';
import { newToken, sha256 } from '../common/ids.js';
import { Database } from '../database/database.js';
import { ApiKey, Session, User } from '../database/entities/index.js';
import { hashPassword, verifyPassword } from './password.js';
import type { Principal } from './principal.js';

export const SESSION_COOKIE = 'outport_session';
export const API_KEY_PREFIX = 'opk_';

// A fixed hash so that an unknown email costs as much as a wrong password (no user enumeration by timing).
let dummyHash: Promise<string> | undefined;

/** Sessions, passwords and API keys: turns credentials into a Principal. */
@Injectable()
export class CredentialsService {
  constructor(
    private readonly db: Database,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async authenticate(authorization: string | undefined, sessionToken: string | undefined): Promise<Principal | null> {
    const em = this.db.em;
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match?.[1]) return null;
      // Looked up on every call, so revocation and expiry take effect at once.
      const key = await em.findOne(ApiKey, { keyHash: sha256(match[1]), revokedAt: null });
      if (!key || (key.expiresAt && key.expiresAt.getTime() <= Date.now())) return null;
      // Coarse last-used tracking (once a minute at most) keeps key calls from writing every time.
      if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > 60_000) {
        key.lastUsedAt = new Date();
        await em.flush();
      }
      return { kind: 'api-key', apiKeyId: key.id, name: key.name, environmentId: key.environment, role: key.role };
    }
    if (sessionToken) {
      const tokenHash = sha256(sessionToken);
      const session = await em.findOne(Session, { tokenHash });
      if (!session || session.expiresAt.getTime() <= Date.now()) return null;
      const user = await em.findOne(User, { id: session.user });
      if (!user) return null;
      return { kind: 'user', userId: user.id, email: user.email, name: user.name, sessionTokenHash: tokenHash };
    }
    return null;
  }

  /** Checks email and password; returns the new session's token and expiry, or null. */
  async login(email: string, password: string): Promise<{ token: string; expiresAt: Date; userId: string } | null> {
    const em = this.db.em;
    const user = await em.findOne(User, { email: email.trim().toLowerCase() });
    if (!user) {
      dummyHash ??= hashPassword('not-a-real-password');
      await verifyPassword(password, await dummyHash);
      return null;
    }
    if (!(await verifyPassword(password, user.passwordHash))) return null;
    const token = newToken();
    const expiresAt = new Date(Date.now() + this.config.sessionTtlHours * 3_600_000);
    em.create(Session, { tokenHash: sha256(token), user: user.id, expiresAt });
    await em.flush();
    return { token, expiresAt, userId: user.id };
  }

  async logout(tokenHash: string): Promise<void> {
    await this.db.em.nativeDelete(Session, { tokenHash });
  }
}
