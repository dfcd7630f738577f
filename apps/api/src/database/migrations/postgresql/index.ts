import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128174754 } from './Migration20261128174754.js';
import { Migration20261128182305 } from './Migration20261128182305.js';
import { Migration20261128201434 } from './Migration20261128201434.js';
import { Migration20261128205441 } from './Migration20261128205441.js';
import { Migration20261130061418 } from './Migration20261130061418.js';
import { Migration20261130062821 } from './Migration20261130062821.js';
import { Migration20261130063310 } from './Migration20261130063310.js';
import { Migration20261130063433 } from './Migration20261130063433.js';
import { Migration20261130070948 } from './Migration20261130070948.js';
import { Migration20261130071400 } from './Migration20261130071400.js';
import { Migration20261130073906 } from './Migration20261130073906.js';

/**
 * Checked-in postgresql migrations, in order. Generate the next one with
 * `node apps/api/dist/cli.js migration:create` against a postgresql database, then list it here.
 */
export const postgresqlMigrations: MigrationObject[] = [
  { name: 'Migration20261128174754', class: Migration20261128174754 },
  { name: 'Migration20261128182305', class: Migration20261128182305 },
  { name: 'Migration20261128201434', class: Migration20261128201434 },
  { name: 'Migration20261128205441', class: Migration20261128205441 },
  { name: 'Migration20261130061418', class: Migration20261130061418 },
  { name: 'Migration20261130062821', class: Migration20261130062821 },
  { name: 'Migration20261130063310', class: Migration20261130063310 },
  { name: 'Migration20261130063433', class: Migration20261130063433 },
  { name: 'Migration20261130070948', class: Migration20261130070948 },
  { name: 'Migration20261130071400', class: Migration20261130071400 },
  { name: 'Migration20261130073906', class: Migration20261130073906 },
];
