import { Migration } from '@mikro-orm/migrations';

export class Migration20261128201431 extends Migration {

  override name = 'Migration20261128201431';

  override up(): void | Promise<void> {
    this.addSql(`create table \`run_chunk\` (\`id\` text not null primary key, \`run_id\` text not null, \`task_id\` text not null, \`position\` integer not null, \`after_key\` text null, \`upto_key\` text null, \`status\` text check (\`status\` in ('pending', 'running', 'succeeded', 'succeeded_with_warnings', 'failed', 'skipped', 'cancelled')) not null, \`attempt\` integer not null default 1, \`counts\` json not null, \`last_key\` text null, \`worker\` text null, \`error\` text null, \`started_at\` datetime null, \`finished_at\` datetime null, constraint \`run_chunk_run_id_foreign\` foreign key (\`run_id\`) references \`run\` (\`id\`) on delete cascade, constraint \`run_chunk_task_id_foreign\` foreign key (\`task_id\`) references \`run_task\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`run_chunk_run_id_index\` on \`run_chunk\` (\`run_id\`);`);
    this.addSql(`create index \`run_chunk_task_id_index\` on \`run_chunk\` (\`task_id\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`run_chunk\`;`);
  }

}
