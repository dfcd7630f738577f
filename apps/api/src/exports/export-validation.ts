import { Injectable } from '@nestjs/common';
import { validateSettings, type ConnectorManifest } from '@outport/connector-sdk';
import {
  checkEligibility,
  checkSegmentLimits,
  canUseConnection,
  validateSchedule,
  type ExportSchedule,
  type LimitVerdict,
} from '@outport/core';
import type { EnvironmentScope } from '../auth/principal.js';
import { Problem, type ProblemItem } from '../common/problem.js';
import { ConnectorRegistry } from '../connectors/connector-registry.js';
import { Database } from '../database/database.js';
import { Connection, DataTable, Export, Segment, type IConnection, type IDataTable, type ISegment } from '../database/entities/index.js';
import type { ExportInput } from './exports.dto.js';

export const DEFAULT_SCHEDULE: ExportSchedule = { kind: 'system-refresh' };

/** A checked export configuration, ready to store. */
export interface ValidExport {
  type: 'segment' | 'data-out';
  connection: IConnection | null;
  audienceKind: string | null;
  items: string[];
  mapping: Record<string, string>;
  options: Record<string, unknown>;
  schedule: ExportSchedule;
}

export interface SegmentVerdict {
  segment: ISegment;
  reasons: string[];
  limit: LimitVerdict;
  duplicateOf: string[];
}

/**
 * Everything that decides whether an export configuration can be saved, and the per-segment
 * verdicts the export form shows before saving: eligibility, limits, duplicates at the target.
 */
@Injectable()
export class ExportValidation {
  constructor(
    private readonly db: Database,
    private readonly registry: ConnectorRegistry,
  ) {}

  async validate(scope: EnvironmentScope, type: 'segment' | 'data-out', input: ExportInput, self: { id: string | null }): Promise<ValidExport> {
    const problems: ProblemItem[] = [];
    const connection = input.connectionId ? await this.usableConnection(scope, input.connectionId) : null;
    const manifest = connection ? this.registry.get(connection.connectorId)?.manifest : undefined;
    if (connection && !manifest) problems.push({ field: 'connectionId', message: `The connector of "${connection.name}" is not installed.` });
    if (manifest && !manifest.exportTypes.includes(type)) {
      problems.push({ field: 'type', message: `${manifest.name} does not take ${type === 'segment' ? 'segment' : 'data-out'} exports.` });
    }

    const schedule = input.schedule ?? DEFAULT_SCHEDULE;
    problems.push(...scheduleProblems(schedule));

    let options: Record<string, unknown> = input.options ?? {};
    if (manifest) {
      const checked = validateSettings(manifest.exportOptions, options);
      if (checked.ok) options = checked.values;
      else problems.push(...checked.problems.map((p) => ({ field: `options.${p.field}`, message: p.message })));
    }

    let items: string[];
    let audienceKind: string | null = null;
    const mapping = input.mapping ?? {};
    if (type === 'segment') {
      audienceKind = input.audienceKind ?? manifest?.audienceKinds[0]?.id ?? null;
      if (manifest && !manifest.audienceKinds.some((k) => k.id === audienceKind)) {
        problems.push({ field: 'audienceKind', message: `${manifest.name} has no audience kind "${audienceKind}".` });
      }
      const segments = await this.segments(scope, input.segmentIds ?? [], problems);
      items = segments.map((s) => s.id);
      if (manifest && audienceKind && problems.length === 0) {
        const verdicts = await this.verdicts(scope, manifest, connection!, audienceKind, mapping, options, segments, self.id);
        for (const verdict of verdicts) {
          problems.push(...verdict.reasons.map((message) => ({ field: 'segmentIds', message })));
          if (verdict.duplicateOf.length && !input.allowDuplicateTargets) {
            problems.push({
              field: 'segmentIds',
              message: `Segment '${verdict.segment.name}' already goes to the same ${manifest.name} target through ${verdict.duplicateOf.join(', ')}; the target would refuse a duplicate audience. Save with allowDuplicateTargets to do it anyway.`,
            });
          }
        }
      }
    } else {
      const tables = await this.tables(scope, input.tableIds ?? [], problems);
      items = tables.map((t) => t.id);
    }
    // One problem is the detail itself (an ineligible segment reads as the seed product's sentence).
    if (problems.length === 1) throw Problem.badRequest(problems[0]!.message, problems);
    if (problems.length) throw Problem.badRequest(`The export configuration has ${problems.length} problems; each is listed in errors.`, problems);
    return { type, connection, audienceKind, items, mapping, options, schedule };
  }

  /** The form's view of each candidate segment: count, eligibility, limit verdict, duplicates. */
  async verdicts(
    scope: EnvironmentScope,
    manifest: ConnectorManifest,
    connection: IConnection,
    audienceKindId: string,
    mapping: Record<string, string>,
    options: Record<string, unknown>,
    segments: ISegment[],
    selfId: string | null,
  ): Promise<SegmentVerdict[]> {
    const kind = manifest.audienceKinds.find((k) => k.id === audienceKindId);
    if (!kind) return [];
    // Compare targets with defaults filled in, as saved exports store them.
    const checked = validateSettings(manifest.exportOptions, options);
    const target = checked.ok ? checked.values : options;
    const tables = new Map((await this.db.em.find(DataTable, { environment: scope.environment.id })).map((t) => [t.id, t]));
    const others = (await this.db.em.find(Export, { environment: scope.environment.id, connection: connection.id, type: 'segment' }, { orderBy: { name: 'asc' } })).filter(
      (e) => e.id !== selfId && sameTarget(e.options, target),
    );
    const limits = { minPerSegment: manifest.limits.membersPerSegment.min, maxPerSegment: manifest.limits.membersPerSegment.max, maxPerExport: manifest.limits.membersPerExport.max };
    return segments.map((segment) => {
      const columns = tables.get(segment.baseTable)?.columns.map((c) => c.name) ?? [];
      const eligibility = checkEligibility({
        environmentKind: scope.environment.kind,
        segment: { name: segment.name, type: segment.type },
        audienceKind: kind,
        fields: kind.fields,
        mapping,
        columns,
      });
      return {
        segment,
        reasons: eligibility.eligible ? [] : eligibility.reasons.map((r) => r.message),
        limit: checkSegmentLimits(segment.memberCount, limits),
        duplicateOf: others.filter((e) => e.items.includes(segment.id)).map((e) => e.name),
      };
    });
  }

  async usableConnection(scope: EnvironmentScope, id: string): Promise<IConnection> {
    const connection = await this.db.em.findOne(Connection, { id, environment: scope.environment.id });
    if (!connection) throw Problem.badRequest(`There is no connection '${id}' here.`, [{ field: 'connectionId', message: 'unknown connection' }]);
    if (!canUseConnection(scope.actor, connection.sharing)) {
      throw Problem.forbidden(`The connection "${connection.name}" is not shared with you; ask an admin to share it.`);
    }
    return connection;
  }

  async segments(scope: EnvironmentScope, ids: string[], problems: ProblemItem[]): Promise<ISegment[]> {
    if (ids.length === 0) problems.push({ field: 'segmentIds', message: 'Choose at least one segment.' });
    const found = await this.db.em.find(Segment, { environment: scope.environment.id, id: { $in: ids } });
    for (const id of ids) if (!found.some((s) => s.id === id)) problems.push({ field: 'segmentIds', message: `There is no segment '${id}' here.` });
    return ids.map((id) => found.find((s) => s.id === id)).filter((s): s is ISegment => Boolean(s));
  }

  private async tables(scope: EnvironmentScope, refs: string[], problems: ProblemItem[]): Promise<IDataTable[]> {
    if (refs.length === 0) problems.push({ field: 'tableIds', message: 'Choose at least one table.' });
    const all = await this.db.em.find(DataTable, { environment: scope.environment.id });
    const out: IDataTable[] = [];
    for (const ref of refs) {
      const table = all.find((t) => t.id === ref || t.name === ref);
      if (table) out.push(table);
      else problems.push({ field: 'tableIds', message: `There is no table '${ref}' here.` });
    }
    return out;
  }
}

/** Two exports on one connection aim at the same target object when their options agree. */
function sameTarget(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => a[k] === b[k]);
}

export function scheduleProblems(schedule: ExportSchedule): ProblemItem[] {
  const shape = 'A schedule is { kind: "system-refresh", enabled? } or { kind: "custom", enabled, schedule }.';
  if (schedule.kind === 'system-refresh') {
    const extra = Object.keys(schedule).filter((k) => k !== 'kind' && k !== 'enabled');
    return extra.length || (schedule.enabled !== undefined && typeof schedule.enabled !== 'boolean') ? [{ field: 'schedule', message: shape }] : [];
  }
  if (schedule.kind !== 'custom' || typeof schedule.enabled !== 'boolean' || !schedule.schedule) {
    return [{ field: 'schedule', message: shape }];
  }
  try {
    return validateSchedule(schedule.schedule).map((message) => ({ field: 'schedule', message }));
  } catch {
    return [{ field: 'schedule', message: 'The schedule is not valid.' }];
  }
}
