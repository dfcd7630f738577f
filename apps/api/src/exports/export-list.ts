import { canUseConnection, type Actor, type RunStatus } from '@outport/core';
import { sql, type Expression, type SqlBool } from 'kysely';
import type { ListQuery } from '../common/dto.js';
import { listParams, type ListSpec } from '../common/list-query.js';
import type { Database } from '../database/database.js';
import type { IConnection } from '../database/entities/index.js';
import type { AnyDb } from '../records/record-store.js';

export const EXPORT_LIST: ListSpec = {
  sortable: ['name', 'type', 'connectionName', 'connectionType', 'status', 'schedule', 'nextRunAt', 'lastRefreshedAt', 'updatedAt', 'updatedBy', 'permission'],
  search: ['name', 'connectionName', 'connectionType'],
  defaultSort: 'name',
};

export interface ExportListContext {
  actor: Actor;
  environmentId: string;
  /** The environment's connections (a few dozen at most), to resolve who may edit and connector names in the query. */
  connections: IConnection[];
  /** Connector id → display name, from the installed manifests. */
  connectorNames: Map<string, string>;
  /** When exports that run with the system refresh run next (the environment's next refresh), or null. */
  nextRefreshAt: Date | null;
  /** Only exports whose latest run has this status; `never`: not run yet; `inactive`: detached or its connector is missing. */
  status?: RunStatus | 'never' | 'inactive';
}

/**
 * One page of the exports list, found, sorted and paged in the database: the caller's permission and
 * the connection's name and connector are resolved in the query, so sorting or searching by them
 * costs an index scan or a sort of one environment's rows, never loading every export.
 * Returns the ids of the page in order, and the total.
 */
export async function exportPage(db: Database, query: ListQuery, context: ExportListContext): Promise<{ ids: string[]; total: number }> {
  const { sort, order, limit, offset, q } = listParams(query, EXPORT_LIST);
  const k = db.em.getKysely<AnyDb>();
  const editable = context.connections.filter((c) => canUseConnection(context.actor, c.sharing)).map((c) => c.id);
  // Admins may edit every export and viewers none: for them the column is one value and orders nothing.
  const permission =
    context.actor.role === 'admin' || context.actor.role === 'viewer' || editable.length === 0
      ? null
      : sql<string>`case when e.connection_id in (${sql.join(editable)}) then 'edit' else 'view' end`;
  const connectorName = caseOf(
    sql.ref('c.connector_id'),
    [...context.connectorNames].map(([id, name]) => [id, name]),
    sql.ref('c.connector_id'),
  );
  // Dates are stored as integers (ms) in SQLite and timestamps in PostgreSQL.
  const refreshAt = context.nextRefreshAt === null ? null : db.dialect === 'sqlite' ? context.nextRefreshAt.getTime() : context.nextRefreshAt;
  const nextRunAt = sql`case when e.runs_with_refresh and e.connection_id is not null then ${refreshAt} else e.next_run_at end`;
  const columns: Record<string, Expression<unknown> | null> = {
    name: sql`lower(e.name)`,
    type: sql.ref('e.type'),
    connectionName: sql`lower(c.name)`,
    connectionType: sql`lower(${connectorName})`,
    status: sql.ref('e.last_run_status'),
    schedule: sql`lower(e.schedule_text)`,
    nextRunAt,
    lastRefreshedAt: sql.ref('e.last_refreshed_at'),
    updatedAt: sql.ref('e.updated_at'),
    updatedBy: sql`lower(e.updated_by)`,
    permission,
  };

  let base = k.selectFrom('export as e').leftJoin('connection as c', 'c.id', 'e.connection_id').where('e.environment_id', '=', context.environmentId);
  if (context.status === 'inactive') {
    const installed = [...context.connectorNames.keys()];
    base = base.where((eb) => eb.or([eb('e.connection_id', 'is', null), ...(installed.length ? [eb('c.connector_id', 'not in', installed)] : [])]));
  } else if (context.status === 'never') {
    base = base.where('e.last_run_status', 'is', null);
  } else if (context.status) {
    base = base.where('e.last_run_status', '=', context.status);
  }
  if (q) {
    // LIKE with an escape character, lower-cased on both sides: case-insensitive on both databases.
    const pattern = `%${q.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    const like = (expr: Expression<unknown>) => sql<SqlBool>`lower(${expr}) like ${pattern} escape '\\'`;
    base = base.where((eb) => eb.or([like(sql.ref('e.name')), like(sql.ref('c.name')), like(connectorName), like(sql.ref('c.connector_id'))]));
  }
  const by = columns[sort] ?? null;
  let page = base.select('e.id');
  // Empty values (never run, no connection) come last in either order; ties by id, so pages never overlap.
  if (by) page = page.orderBy(sql`${by} ${sql.raw(order === 'desc' ? 'desc' : 'asc')} nulls last`);
  // The total and the page are independent queries: asked at once, a request waits for the slower only.
  const [[{ n }], rows] = (await Promise.all([
    base.select(sql<number>`count(*)`.as('n')).execute(),
    page.orderBy('e.id', 'asc').limit(limit).offset(offset).execute(),
  ])) as [[{ n: number | string }], { id: unknown }[]];
  return { ids: rows.map((r) => String(r.id)), total: Number(n) };
}

/** `case <subject> when a then b … else <otherwise> end`, or just `otherwise` when there are no cases. */
function caseOf(subject: Expression<unknown>, cases: [string, string][], otherwise: Expression<unknown>): Expression<unknown> {
  if (cases.length === 0) return otherwise;
  return sql`case ${subject} ${sql.join(
    cases.map(([when, then]) => sql`when ${when} then ${then}`),
    sql` `,
  )} else ${otherwise} end`;
}
