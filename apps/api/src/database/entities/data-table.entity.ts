import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { ColumnDefinition } from '@outport/core';
import { Environment } from './environment.entity.js';

/**
 * The definition of an Outport table. Its records live in their own physical database table
 * (`physicalName`) with real typed columns, created and altered from `columns`.
 */
export const DataTable = defineEntity({
  name: 'DataTable',
  tableName: 'data_table',
  uniques: [{ properties: ['environment', 'name'] }],
  properties: {
    id: p.string().length(36).primary(),
    environment: () => p.manyToOne(Environment).mapToPk().deleteRule('cascade'),
    name: p.string().length(63),
    keyColumn: p.string().length(63),
    columns: p.json<ColumnDefinition[]>(),
    physicalName: p.string().length(63).unique(),
    recordCount: p.integer().default(0),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type IDataTable = InferEntity<typeof DataTable>;
