import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { Environment, Membership } from '../database/entities/index.js';
import type { EnvironmentDto } from '../auth/auth.dto.js';
import type { Principal } from '../auth/principal.js';

@Injectable()
export class EnvironmentsService {
  constructor(private readonly db: Database) {}

  /** The environments the caller may use, with the caller's role in each, by name. */
  async listFor(principal: Principal): Promise<EnvironmentDto[]> {
    const em = this.db.em;
    if (principal.kind === 'api-key') {
      const env = await em.findOneOrFail(Environment, { id: principal.environmentId });
      return [{ id: env.id, slug: env.slug, name: env.name, kind: env.kind, role: principal.role }];
    }
    const memberships = await em.find(Membership, { user: principal.userId });
    const byId = new Map(memberships.map((m) => [m.environment, m.role]));
    const envs = await em.find(Environment, { id: { $in: [...byId.keys()] } }, { orderBy: { name: 'asc' } });
    return envs.map((env) => ({ id: env.id, slug: env.slug, name: env.name, kind: env.kind, role: byId.get(env.id)! }));
  }
}
