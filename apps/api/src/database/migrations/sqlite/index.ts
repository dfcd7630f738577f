import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128174750 } from './Migration20261128174750.js';
import { Migration20261128182301 } from './Migration20261128182301.js';
import { Migration20261128201431 } from './Migration20261128201431.js';
import { Migration20261128205436 } from './Migration20261128205436.js';
import { Migration20261130061416 } from './Migration20261130061416.js';
import { Migration20261130062819 } from './Migration20261130062819.js';
import { Migration20261130063303 } from './Migration20261130063303.js';
import { Migration20261130063427 } from './Migration20261130063427.js';
import { Migration20261130070937 } from './Migration20261130070937.js';
import { Migration20261130071354 } from './Migration20261130071354.js';
import { Migration20261130073852 } from './Migration20261130073852.js';

/**
 * Checked-in sqlite migrations, in order. Generate the next one with
 * `node apps/api/dist/cli.js migration:create` against a sqlite database, then list it here.
 */
export const sqliteMigrations: MigrationObject[] = [
  { name: 'Migration20261128174750', class: Migration20261128174750 },
  { name: 'Migration20261128182301', class: Migration20261128182301 },
  { name: 'Migration20261128201431', class: Migration20261128201431 },
  { name: 'Migration20261128205436', class: Migration20261128205436 },
  { name: 'Migration20261130061416', class: Migration20261130061416 },
  { name: 'Migration20261130062819', class: Migration20261130062819 },
  { name: 'Migration20261130063303', class: Migration20261130063303 },
  { name: 'Migration20261130063427', class: Migration20261130063427 },
  { name: 'Migration20261130070937', class: Migration20261130070937 },
  { name: 'Migration20261130071354', class: Migration20261130071354 },
  { name: 'Migration20261130073852', class: Migration20261130073852 },
];
