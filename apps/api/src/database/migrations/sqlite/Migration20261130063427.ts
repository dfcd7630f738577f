import { Migration } from '@mikro-orm/migrations';

export class Migration20261130063427 extends Migration {

  override name = 'Migration20261130063427';

  override up(): void | Promise<void> {
    this.addSql(`create table \`refresh_process\` (\`id\` text not null primary key, \`refresh_id\` text not null, \`position\` integer not null, \`kind\` text check (\`kind\` in ('segment', 'export')) not null, \`target_id\` text not null, \`label\` text not null, \`status\` text check (\`status\` in ('queued', 'waiting', 'running', 'succeeded', 'succeeded_with_warnings', 'failed_retrying', 'failed', 'skipped', 'cancelled')) not null, \`depends_on\` json not null, \`run_id\` text null, \`detail\` text null, \`created_at\` datetime not null, \`started_at\` datetime null, \`finished_at\` datetime null, constraint \`refresh_process_refresh_id_foreign\` foreign key (\`refresh_id\`) references \`system_refresh_run\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`refresh_process_refresh_id_index\` on \`refresh_process\` (\`refresh_id\`);`);
    this.addSql(`create index \`refresh_process_run_id_index\` on \`refresh_process\` (\`run_id\`);`);

    this.addSql(`alter table \`export\` add column \`next_run_at\` datetime null;`);
    this.addSql(`create index \`export_next_run_at_index\` on \`export\` (\`next_run_at\`);`);

    this.addSql(`alter table \`run\` add column \`scheduled_for\` datetime null;`);
    this.addSql(`alter table \`run\` add column \`started_late_ms\` integer null;`);
    this.addSql(`alter table \`run\` add column \`missed_occurrences\` integer null;`);

    this.addSql(`alter table \`segment\` add column \`refresh_requested_at\` datetime null;`);

    this.addSql(`alter table \`system_refresh_run\` add column \`scheduled_for\` datetime null;`);
    this.addSql(`alter table \`system_refresh_run\` add column \`started_late_ms\` integer null;`);

    this.addSql(`alter table \`system_refresh_settings\` add column \`next_run_at\` datetime null;`);
    this.addSql(`create index \`system_refresh_settings_next_run_at_index\` on \`system_refresh_settings\` (\`next_run_at\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`refresh_process\`;`);

    this.addSql(`drop index \`export_next_run_at_index\`;`);
    this.addSql(`alter table \`export\` drop column \`next_run_at\`;`);

    this.addSql(`alter table \`run\` drop column \`scheduled_for\`;`);
    this.addSql(`alter table \`run\` drop column \`started_late_ms\`;`);
    this.addSql(`alter table \`run\` drop column \`missed_occurrences\`;`);

    this.addSql(`alter table \`segment\` drop column \`refresh_requested_at\`;`);

    this.addSql(`alter table \`system_refresh_run\` drop column \`scheduled_for\`;`);
    this.addSql(`alter table \`system_refresh_run\` drop column \`started_late_ms\`;`);

    this.addSql(`drop index \`system_refresh_settings_next_run_at_index\`;`);
    this.addSql(`alter table \`system_refresh_settings\` drop column \`next_run_at\`;`);
  }

}
