import { UniqueConstraintViolationException } from '@mikro-orm/core';
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

/** One counter's share of a login attempt: the failure number it claimed, and the lock that claim set. */
interface Claim {
  counter: Counter;
  failures: number;
  lockMs: number | null;
}

/** A login attempt's claims, to settle once the password has been checked. */
export interface LoginAttempt {
  email: string;
  address: string;
  claims: Claim[];
}

/**
 * Slows down password guessing, per account and per client address: after `limit` failures within
 * 15 minutes, logins are answered 429 with Retry-After for a minute, then twice as long after each
 * further failure. Unknown email addresses are counted exactly like known ones, so the answers never
 * tell whether an address has an account. While locked, even the right password is refused.
 *
 * Each attempt claims its failure number before the password is checked (a compare-and-set on the
 * counter, so processes and parallel requests each get their own number), and the claim that reaches
 * the limit sets the lock at once. Guesses sent in parallel therefore cannot all slip past the check
 * while the slow password hash runs: at most `limit` are ever checked. A right password gives its
 * claim back.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** Claims this attempt's place on both counters, or throws 429 when the account or the address is locked. */
  async begin(email: string, address: string): Promise<LoginAttempt> {
    const claims: Claim[] = [];
    for (const counter of this.counters(email, address)) {
      const claim = await this.claim(counter);
      if (typeof claim === 'number') {
        await Promise.all(claims.map((c) => this.giveBack(c)));
        throw Problem.tooManyRequests('Too many failed logins. Wait a moment before trying again.', claim / 1000);
      }
      claims.push(claim);
    }
    return { email, address, claims };
  }

  /** The password was wrong: the claims stand, and a lock they set goes into the audit log. */
  async failed(attempt: LoginAttempt): Promise<void> {
    for (const { counter, failures, lockMs } of attempt.claims) {
      if (lockMs === null) continue;
      await this.audit.recordAnonymous(`client ${attempt.address}`, 'auth.login.throttled', counter.what, {
        ...(counter.what === 'account' ? { email: normalize(attempt.email) } : { address: attempt.address }),
        failures,
        lockedForSeconds: lockMs / 1000,
      });
    }
  }

  /** A good password clears the account's failures; the address gets its claim back. */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    await this.db.em.nativeDelete(LoginThrottle, { key: accountKey(attempt.email) });
    await Promise.all(attempt.claims.filter((c) => c.counter.what === 'address').map((c) => this.giveBack(c)));
  }

  /** Counts one more failure on a counter unless it is locked (then: milliseconds left). */
  private async claim(counter: Counter): Promise<Claim | number> {
    for (;;) {
      const em = this.db.em.fork();
      const now = new Date();
      const row = await em.findOne(LoginThrottle, { key: counter.key });
      const locked = row?.lockedUntil ? row.lockedUntil.getTime() - now.getTime() : 0;
      if (locked > 0) return locked;
      const stale = !row || now.getTime() - row.lastFailureAt.getTime() > WINDOW_MS;
      const failures = stale ? 1 : row.failures + 1;
      const lockMs = failures >= counter.limit ? Math.min(LONGEST_LOCK_MS, FIRST_LOCK_MS * 2 ** (failures - counter.limit)) : null;
      const next = { failures, lastFailureAt: now, lockedUntil: lockMs === null ? null : new Date(now.getTime() + lockMs) };
      if (!row) {
        try {
          await em.insert(LoginThrottle, { key: counter.key, ...next });
          return { counter, failures, lockMs };
        } catch (error) {
          if (error instanceof UniqueConstraintViolationException) continue;
          throw error;
        }
      }
      // Only if nobody counted in between; otherwise read again.
      if (await em.nativeUpdate(LoginThrottle, { key: counter.key, failures: row.failures }, next)) return { counter, failures, lockMs };
    }
  }

  /** Takes one failure back off a counter (and the lock, if the count falls below the limit). */
  private async giveBack({ counter }: Claim): Promise<void> {
    for (;;) {
      const em = this.db.em.fork();
      const row = await em.findOne(LoginThrottle, { key: counter.key });
      if (!row || row.failures === 0) return;
      const failures = row.failures - 1;
      const change = failures < counter.limit ? { failures, lockedUntil: null } : { failures };
      if (await em.nativeUpdate(LoginThrottle, { key: counter.key, failures: row.failures }, change)) return;
    }
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
