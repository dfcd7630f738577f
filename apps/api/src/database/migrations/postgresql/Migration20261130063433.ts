import { Migration } from '@mikro-orm/migrations';

export class Migration20261130063433 extends Migration {

  override name = 'Migration20261130063433';

  override up(): void | Promise<void> {
    this.addSql(`create table "refresh_process" ("id" varchar(36) not null, "refresh_id" varchar(36) not null, "position" int not null, "kind" text not null, "target_id" varchar(36) not null, "label" varchar(200) not null, "status" text not null, "depends_on" jsonb not null, "run_id" varchar(36) null, "detail" text null, "created_at" timestamptz not null, "started_at" timestamptz null, "finished_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "refresh_process_refresh_id_index" on "refresh_process" ("refresh_id");`);
    this.addSql(`create index "refresh_process_run_id_index" on "refresh_process" ("run_id");`);

    this.addSql(`alter table "export" add "next_run_at" timestamptz null;`);
    this.addSql(`create index "export_next_run_at_index" on "export" ("next_run_at");`);

    this.addSql(`alter table "run" add "scheduled_for" timestamptz null, add "started_late_ms" int null, add "missed_occurrences" int null;`);

    this.addSql(`alter table "segment" add "refresh_requested_at" timestamptz null;`);

    this.addSql(`alter table "system_refresh_run" add "scheduled_for" timestamptz null, add "started_late_ms" int null;`);

    this.addSql(`alter table "system_refresh_settings" add "next_run_at" timestamptz null;`);
    this.addSql(`create index "system_refresh_settings_next_run_at_index" on "system_refresh_settings" ("next_run_at");`);

    this.addSql(`alter table "refresh_process" add constraint "refresh_process_refresh_id_foreign" foreign key ("refresh_id") references "system_refresh_run" ("id") on delete cascade;`);
    this.addSql(`alter table "refresh_process" add constraint "refresh_process_kind_check" check ("kind" in ('segment', 'export'));`);
    this.addSql(`alter table "refresh_process" add constraint "refresh_process_status_check" check ("status" in ('queued', 'waiting', 'running', 'succeeded', 'succeeded_with_warnings', 'failed_retrying', 'failed', 'skipped', 'cancelled'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "refresh_process" cascade;`);

    this.addSql(`drop index "export_next_run_at_index";`);
    this.addSql(`alter table "export" drop column "next_run_at";`);

    this.addSql(`alter table "run" drop column "scheduled_for", drop column "started_late_ms", drop column "missed_occurrences";`);

    this.addSql(`alter table "segment" drop column "refresh_requested_at";`);

    this.addSql(`alter table "system_refresh_run" drop column "scheduled_for", drop column "started_late_ms";`);

    this.addSql(`drop index "system_refresh_settings_next_run_at_index";`);
    this.addSql(`alter table "system_refresh_settings" drop column "next_run_at";`);
  }

}
