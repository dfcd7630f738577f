import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { sha256 } from '../common/ids.js';
import { Problem } from '../common/problem.js';
import { CONFIG } from '../config/config.module.js';
import type { Config } from '../config/config.js';
import { Database } from '../database/database.js';
import { LoginThrottle } from '../database/entities/index.js';

/** Failures older than this (since the last one) are forgotten. */
const WINDOW_MS = 15 * 60_000;
/** The first lock lasts a minute; each further failure doubles it, up to an hour. */
const FIRST_LOCK_MS = 60_000;
const LONGEST_LOCK_MS = 60 * 60_000;

interface Counter {
  key: string;
  limit: number;
  what: 'account' | 'address';
}

/**
 * Slows down password guessing, per account and per client address: after `limit` failures within
 * 15 minutes, logins are answered 429 with Retry-After for a minute, then twice as long after each
 * further failure. Unknown email addresses are counted exactly like known ones, so the answers never
 * tell whether an address has an account. While locked, even the right password is refused.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** Throws 429 when the account or the address is locked. */
  async check(email: string, address: string): Promise<void> {
    const now = Date.now();
    const rows = await this.db.em.find(LoginThrottle, { key: { $in: this.counters(email, address).map((c) => c.key) } });
    const until = Math.max(0, ...rows.map((r) => r.lockedUntil?.getTime() ?? 0));
    if (until > now) {
      throw Problem.tooManyRequests('Too many failed logins. Wait a moment before trying again.', (until - now) / 1000);
    }
  }

  /** Counts a failure; failures of one process are counted one after another, so none is lost. */
  failed(email: string, address: string): Promise<void> {
    const next = this.queue.then(() => this.count(email, address));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private queue: Promise<void> = Promise.resolve();

  private async count(email: string, address: string): Promise<void> {
    const now = new Date();
    for (const counter of this.counters(email, address)) {
      const em = this.db.em;
      let row = await em.findOne(LoginThrottle, { key: counter.key });
      if (!row) row = em.create(LoginThrottle, { key: counter.key, failures: 0, lastFailureAt: now, lockedUntil: null });
      else if (now.getTime() - row.lastFailureAt.getTime() > WINDOW_MS && !(row.lockedUntil && row.lockedUntil > now)) row.failures = 0;
      row.failures += 1;
      row.lastFailureAt = now;
      if (row.failures >= counter.limit) {
        const lockMs = Math.min(LONGEST_LOCK_MS, FIRST_LOCK_MS * 2 ** (row.failures - counter.limit));
        row.lockedUntil = new Date(now.getTime() + lockMs);
        await em.flush();
        await this.audit.recordAnonymous(`client ${address}`, 'auth.login.throttled', counter.what, {
          ...(counter.what === 'account' ? { email: normalize(email) } : { address }),
          failures: row.failures,
          lockedForSeconds: lockMs / 1000,
        });
      } else {
        await em.flush();
      }
    }
  }

  /** A good password clears the account's failures (the address keeps its count). */
  async succeeded(email: string): Promise<void> {
    await this.db.em.nativeDelete(LoginThrottle, { key: accountKey(email) });
  }

  private counters(email: string, address: string): Counter[] {
    return [
      { key: accountKey(email), limit: this.config.loginFailuresPerAccount, what: 'account' },
      { key: sha256(`address:${address}`), limit: this.config.loginFailuresPerAddress, what: 'address' },
    ];
  }
}

const normalize = (email: string): string => email.trim().toLowerCase();
const accountKey = (email: string): string => sha256(`account:${normalize(email)}`);
