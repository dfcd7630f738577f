import { Injectable } from '@nestjs/common';
import { segmentTypeForTable, validateTableDefinition, type ColumnDefinition, type EnvironmentKind } from '@outport/core';
import type { EnvironmentScope } from '../auth/principal.js';
import { AuditService } from '../audit/audit.service.js';
import type { ListQuery } from '../common/dto.js';
import { newId } from '../common/ids.js';
import { Problem } from '../common/problem.js';
import { listQuery } from '../common/list-query.js';
import { Database } from '../database/database.js';
import { DataTable, type IDataTable } from '../database/entities/index.js';
import { RecordStore } from '../records/record-store.js';
import type { CreateTableRequest, TableDto } from './tables.dto.js';

export function toTableDto(table: IDataTable, kind: EnvironmentKind): TableDto {
  return {
    id: table.id,
    name: table.name,
    keyColumn: table.keyColumn,
    columns: table.columns,
    recordCount: table.recordCount,
    segmentType: segmentTypeForTable(kind, table.name),
    createdAt: table.createdAt.toISOString(),
    updatedAt: table.updatedAt.toISOString(),
  };
}

@Injectable()
export class TablesService {
  constructor(
    private readonly db: Database,
    private readonly store: RecordStore,
    private readonly audit: AuditService,
  ) {}

  async list(scope: EnvironmentScope, query: ListQuery): Promise<{ items: IDataTable[]; total: number }> {
    const { where, options } = listQuery<IDataTable>(query, { sortable: ['name', 'recordCount', 'createdAt', 'updatedAt'], search: ['name'], defaultSort: 'name' }, this.db.dialect);
    const [items, total] = await this.db.em.findAndCount(DataTable, { environment: scope.environment.id, ...where }, options);
    return { items, total };
  }

  /** A table by name or id. */
  async get(scope: EnvironmentScope, ref: string): Promise<IDataTable> {
    const table = await this.db.em.findOne(DataTable, { environment: scope.environment.id, $or: [{ name: ref }, { id: ref }] });
    if (!table) throw Problem.notFound('Table', ref);
    return table;
  }

  async create(scope: EnvironmentScope, body: CreateTableRequest): Promise<IDataTable> {
    const columns: ColumnDefinition[] = body.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable ?? c.name !== body.keyColumn }));
    const definition = { name: body.name, keyColumn: body.keyColumn, columns };
    const problems = validateTableDefinition(definition);
    if (problems.length) throw Problem.badRequest(`The table definition is not valid.`, problems.map((message) => ({ message })));
    const em = this.db.em;
    if (await em.count(DataTable, { environment: scope.environment.id, name: body.name })) {
      throw Problem.conflict(`A table named ${body.name} already exists in ${scope.environment.name}.`);
    }
    const id = newId();
    const table = em.create(DataTable, {
      id,
      environment: scope.environment.id,
      ...definition,
      physicalName: `rec_${id.replaceAll('-', '').slice(0, 20)}`,
      recordCount: 0,
    });
    // The physical table first: if it cannot be created, no definition is left pointing at nothing.
    await this.store.createTable(table);
    await em.flush();
    await this.audit.record(scope, 'table.created', 'table', table.id, null, definition);
    return table;
  }

  async addColumns(scope: EnvironmentScope, table: IDataTable, added: ColumnDefinition[]): Promise<IDataTable> {
    const columns = [...table.columns, ...added.map((c) => ({ ...c, nullable: true }))];
    const problems = validateTableDefinition({ name: table.name, keyColumn: table.keyColumn, columns });
    if (problems.length) throw Problem.badRequest(`The new columns are not valid.`, problems.map((message) => ({ message })));
    const before = { columns: table.columns };
    await this.store.addColumns(table, added);
    table.columns = columns;
    await this.db.em.flush();
    await this.audit.record(scope, 'table.columns-added', 'table', table.id, before, { columns });
    return table;
  }
}
