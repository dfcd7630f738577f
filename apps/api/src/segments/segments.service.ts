import { Injectable, Logger } from '@nestjs/common';
import {
  WELL_KNOWN_TABLES,
  ruleInWords,
  normalizeRule,
  segmentTypeForTable,
  validateRule,
  type RefreshStatus,
  type RuleNode,
  type RuleScope,
} from '@outport/core';
import { sql } from 'kysely';
import { AuditService } from '../audit/audit.service.js';
import type { EnvironmentScope } from '../auth/principal.js';
import type { ListQuery } from '../common/dto.js';
import { newId } from '../common/ids.js';
import { listQuery, type ListParams, type ListSpec } from '../common/list-query.js';
import { Problem } from '../common/problem.js';
import { Database } from '../database/database.js';
import { DataTable, Segment, SegmentMember, type IDataTable, type ISegment } from '../database/entities/index.js';
import type { Em } from '../database/orm.js';
import { RecordStore } from '../records/record-store.js';
import { compileRule } from './rule-sql.js';
import type { CreateSegmentRequest, SegmentDto, UpdateSegmentRequest } from './segments.dto.js';

/** The refresh state people see: stored, or `waiting` while a requested refresh waits for a sending run. */
export function refreshState(segment: Pick<ISegment, 'refreshStatus' | 'refreshRequestedAt'>): RefreshStatus {
  return segment.refreshRequestedAt && segment.refreshStatus !== 'refreshing' ? 'waiting' : segment.refreshStatus;
}

export function toSegmentDto(segment: ISegment, baseTableName: string): SegmentDto {
  return {
    id: segment.id,
    name: segment.name,
    description: segment.description ?? null,
    type: segment.type,
    baseTable: baseTableName,
    rule: segment.rule,
    ruleText: ruleInWords(segment.rule),
    memberCount: segment.memberCount,
    refreshStatus: refreshState(segment),
    refreshError: segment.refreshError ?? null,
    lastRefreshedAt: segment.lastRefreshedAt?.toISOString() ?? null,
    refreshDurationMs: segment.refreshDurationMs ?? null,
    createdAt: segment.createdAt.toISOString(),
    updatedAt: segment.updatedAt.toISOString(),
  };
}

interface SegmentSource {
  base: IDataTable;
  /** Contact segments: the Account table, joined on its key column. */
  account: IDataTable | null;
}

/** Members are keys: they sort by key, either way. */
export const MEMBER_LIST: ListSpec = { sortable: ['memberKey'], defaultSort: 'memberKey' };

@Injectable()
export class SegmentsService {
  private readonly logger = new Logger('Segments');

  constructor(
    private readonly db: Database,
    private readonly store: RecordStore,
    private readonly audit: AuditService,
  ) {}

  async list(scope: EnvironmentScope, query: ListQuery): Promise<{ items: SegmentDto[]; total: number }> {
    const { where, options } = listQuery<ISegment>(
      query,
      { sortable: ['name', 'type', 'memberCount', 'refreshStatus', 'lastRefreshedAt', 'updatedAt'], search: ['name', 'description'], defaultSort: 'name' },
      this.db.dialect,
    );
    const em = this.db.em;
    const [segments, total] = await em.findAndCount(Segment, { environment: scope.environment.id, ...where }, options);
    const tables = await em.find(DataTable, { environment: scope.environment.id });
    const names = new Map(tables.map((t) => [t.id, t.name]));
    return { items: segments.map((s) => toSegmentDto(s, names.get(s.baseTable) ?? '?')), total };
  }

  async get(scope: EnvironmentScope, id: string): Promise<ISegment> {
    const segment = await this.db.em.findOne(Segment, { id, environment: scope.environment.id });
    if (!segment) throw Problem.notFound('Segment', id);
    return segment;
  }

  async dto(segment: ISegment): Promise<SegmentDto> {
    const table = await this.db.em.findOneOrFail(DataTable, { id: segment.baseTable });
    return toSegmentDto(segment, table.name);
  }

  async create(scope: EnvironmentScope, body: CreateSegmentRequest): Promise<ISegment> {
    const em = this.db.em;
    const type = segmentTypeForTable(scope.environment.kind, body.baseTable);
    if (!type) {
      const allowed = scope.environment.kind === 'individuals' ? WELL_KNOWN_TABLES.Customer : `${WELL_KNOWN_TABLES.Account} or ${WELL_KNOWN_TABLES.Contact}`;
      throw Problem.badRequest(`Segments in ${scope.environment.name} are built on ${allowed}, not ${body.baseTable}.`, [{ field: 'baseTable', message: `must be ${allowed}` }]);
    }
    const source = await this.source(scope.environment.id, body.baseTable);
    const rule = this.checkRule(body.rule, source);
    if (await em.count(Segment, { environment: scope.environment.id, name: body.name.trim() })) {
      throw Problem.conflict(`A segment named "${body.name.trim()}" already exists.`);
    }
    const segment = em.create(Segment, {
      id: newId(),
      environment: scope.environment.id,
      name: body.name.trim(),
      description: body.description ?? null,
      type,
      baseTable: source.base.id,
      rule,
      memberCount: 0,
      refreshStatus: 'never',
    });
    await em.flush();
    await this.audit.record(scope, 'segment.created', 'segment', segment.id, null, { name: segment.name, type, baseTable: body.baseTable, rule });
    return segment;
  }

  async update(scope: EnvironmentScope, segment: ISegment, body: UpdateSegmentRequest): Promise<ISegment> {
    const before = { name: segment.name, description: segment.description, rule: segment.rule };
    if (body.rule) {
      const base = await this.db.em.findOneOrFail(DataTable, { id: segment.baseTable });
      segment.rule = this.checkRule(body.rule, await this.source(scope.environment.id, base.name));
    }
    if (body.name !== undefined) segment.name = body.name.trim();
    if (body.description !== undefined) segment.description = body.description;
    await this.db.em.flush();
    await this.audit.record(scope, 'segment.updated', 'segment', segment.id, before, { name: segment.name, description: segment.description, rule: segment.rule });
    return segment;
  }

  async remove(scope: EnvironmentScope, segment: ISegment): Promise<void> {
    const em = this.db.em;
    await em.transactional(async (tx) => {
      await tx.nativeDelete(SegmentMember, { segment: segment.id });
      await tx.nativeDelete(Segment, { id: segment.id });
    });
    await this.audit.record(scope, 'segment.removed', 'segment', segment.id, { name: segment.name }, null);
  }

  /**
   * Evaluates the rule in the database and replaces the stored members in one transaction, so
   * readers see either the old members or the new ones, never a mix.
   */
  async refresh(segment: ISegment): Promise<ISegment> {
    const em = this.db.em;
    const base = await em.findOneOrFail(DataTable, { id: segment.baseTable });
    // Callers go through SegmentRefresher, which holds the refresh back while a run sends the segment.
    segment.refreshStatus = 'refreshing';
    segment.refreshError = null;
    await em.flush();
    const started = performance.now();
    try {
      const source = await this.source(segment.environment, base.name);
      const count = await em.transactional((tx) => this.replaceMembers(tx, segment, source));
      await this.db.analyze('segment_member');
      segment.memberCount = count;
      segment.refreshStatus = 'succeeded';
      segment.lastRefreshedAt = new Date();
    } catch (error) {
      segment.refreshStatus = 'failed';
      segment.refreshError = error instanceof Problem ? (error.detail ?? error.title) : 'The refresh failed; see the server log.';
      this.logger.error(`Refresh of segment ${segment.id} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    segment.refreshDurationMs = Math.round(performance.now() - started);
    await em.flush();
    return segment;
  }

  async members(segment: ISegment, params: Pick<ListParams, 'order' | 'limit' | 'offset'>): Promise<string[]> {
    const { order, limit, offset } = params;
    const rows = await this.db.em.find(SegmentMember, { segment: segment.id }, { orderBy: { memberKey: order }, limit, offset, fields: ['memberKey'] });
    return rows.map((r) => r.memberKey);
  }

  private async replaceMembers(em: Em, segment: ISegment, source: SegmentSource): Promise<number> {
    const db = this.store.kysely(em);
    const condition = compileRule(segment.rule, {
      dialect: this.db.dialect,
      columns: source.base.columns,
      accountColumns: source.account?.columns,
    });
    await db.deleteFrom('segment_member').where('segment_id', '=', segment.id).execute();
    const key = sql.ref(`r.${source.base.keyColumn}`);
    const accountJoin = source.account
      ? sql`left join ${sql.table(source.account.physicalName)} as a on ${sql.ref(`a.${source.account.keyColumn}`)} = ${sql.ref(`r.${source.account.keyColumn}`)}`
      : sql``;
    await sql`insert into segment_member (segment_id, member_key)
      select ${segment.id}, cast(${key} as text) from ${sql.table(source.base.physicalName)} as r ${accountJoin}
      where ${condition}`.execute(db);
    const row = await db
      .selectFrom('segment_member')
      .where('segment_id', '=', segment.id)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  private async source(environmentId: string, baseTable: string): Promise<SegmentSource> {
    const em = this.db.em;
    const base = await em.findOne(DataTable, { environment: environmentId, name: baseTable });
    if (!base) throw Problem.badRequest(`There is no ${baseTable} table in this environment yet.`, [{ field: 'baseTable', message: 'table not found' }]);
    if (baseTable !== WELL_KNOWN_TABLES.Contact) return { base, account: null };
    const account = await em.findOne(DataTable, { environment: environmentId, name: WELL_KNOWN_TABLES.Account });
    // A contact points at its account through a column named like the Account table's key.
    if (account && !base.columns.some((c) => c.name === account.keyColumn)) {
      throw Problem.badRequest(`The Contact table needs a column "${account.keyColumn}" that points at its account.`);
    }
    return { base, account };
  }

  private checkRule(rule: RuleNode, source: SegmentSource): RuleNode {
    const scope: RuleScope = { columns: source.base.columns, ...(source.account ? { accountColumns: source.account.columns } : {}) };
    const problems = validateRule(rule, scope);
    if (problems.length) throw Problem.badRequest('The segment rule is not valid.', problems.map((message) => ({ field: 'rule', message })));
    return normalizeRule(rule, scope);
  }
}
