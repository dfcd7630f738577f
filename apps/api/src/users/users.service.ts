import { Injectable } from '@nestjs/common';
import type { Role } from '@outport/core';
import { AuditService } from '../audit/audit.service.js';
import { hashPassword } from '../auth/password.js';
import type { EnvironmentScope } from '../auth/principal.js';
import { newId, newToken } from '../common/ids.js';
import { Problem } from '../common/problem.js';
import { Database } from '../database/database.js';
import { Membership, User, type IMembership, type IUser } from '../database/entities/index.js';
import type { AddedMemberDto, AddMemberRequest, MemberDto } from './users.dto.js';

const toDto = (user: IUser, membership: IMembership): MemberDto => ({
  id: user.id,
  name: user.name,
  email: user.email,
  role: membership.role,
  addedAt: membership.createdAt.toISOString(),
});

/**
 * The people of an environment and their roles. Inviting someone new creates the user with a
 * generated first password that the response shows once (the embedded product sends no email); an
 * environment always keeps at least one admin.
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
  ) {}

  async list(scope: EnvironmentScope): Promise<MemberDto[]> {
    const memberships = await this.db.em.find(Membership, { environment: scope.environment.id });
    const users = await this.db.em.find(User, { id: { $in: memberships.map((m) => m.user) } });
    return memberships.flatMap((m) => {
      const user = users.find((u) => u.id === m.user);
      return user ? [toDto(user, m)] : [];
    });
  }

  async add(scope: EnvironmentScope, body: AddMemberRequest): Promise<AddedMemberDto> {
    const em = this.db.em;
    const email = body.email.trim().toLowerCase();
    let user = await em.findOne(User, { email });
    let initialPassword: string | null = null;
    if (user) {
      if (await em.count(Membership, { user: user.id, environment: scope.environment.id })) {
        throw Problem.conflict(`${user.name} (${user.email}) is already a member of ${scope.environment.name}.`);
      }
    } else {
      const name = body.name?.trim();
      if (!name) throw Problem.badRequest(`There is no user ${email} yet: give their name to invite them.`, [{ field: 'name', message: 'required to invite someone new' }]);
      // 128 bits, readable enough to pass on; stored as a scrypt hash like every password.
      initialPassword = newToken().slice(0, 22);
      user = em.create(User, { id: newId(), email, name, passwordHash: await hashPassword(initialPassword) });
    }
    const membership = em.create(Membership, { id: newId(), user: user.id, environment: scope.environment.id, role: body.role });
    await em.flush();
    await this.audit.record(scope, initialPassword ? 'user.invited' : 'user.added', 'user', user.id, null, { email: user.email, role: body.role });
    return { ...toDto(user, membership), invited: initialPassword !== null, initialPassword };
  }

  async changeRole(scope: EnvironmentScope, userId: string, role: Role): Promise<MemberDto> {
    const { user, membership } = await this.member(scope, userId);
    if (membership.role === role) return toDto(user, membership);
    if (membership.role === 'admin') await this.keepAnAdmin(scope, user, 'change the role of');
    const before = { role: membership.role };
    membership.role = role;
    await this.db.em.flush();
    await this.audit.record(scope, 'user.role-changed', 'user', user.id, before, { role });
    return toDto(user, membership);
  }

  async remove(scope: EnvironmentScope, userId: string): Promise<void> {
    const { user, membership } = await this.member(scope, userId);
    if (membership.role === 'admin') await this.keepAnAdmin(scope, user, 'remove');
    await this.db.em.nativeDelete(Membership, { id: membership.id });
    await this.audit.record(scope, 'user.removed', 'user', user.id, { email: user.email, role: membership.role }, null);
  }

  private async member(scope: EnvironmentScope, userId: string): Promise<{ user: IUser; membership: IMembership }> {
    const membership = await this.db.em.findOne(Membership, { user: userId, environment: scope.environment.id });
    const user = membership ? await this.db.em.findOne(User, { id: userId }) : null;
    if (!membership || !user) throw Problem.notFound('User', userId);
    return { user, membership };
  }

  /** Refuses to leave the environment without an admin: nobody could manage it any more. */
  private async keepAnAdmin(scope: EnvironmentScope, user: IUser, doing: string): Promise<void> {
    const admins = await this.db.em.count(Membership, { environment: scope.environment.id, role: 'admin' });
    if (admins <= 1) throw Problem.conflict(`Cannot ${doing} ${user.name}: they are the last admin of ${scope.environment.name}. Make someone else an admin first.`);
  }
}
