import { Migration } from '@mikro-orm/migrations';

export class Migration20261128201434 extends Migration {

  override name = 'Migration20261128201434';

  override up(): void | Promise<void> {
    this.addSql(`create table "run_chunk" ("id" varchar(36) not null, "run_id" varchar(36) not null, "task_id" varchar(36) not null, "position" int not null, "after_key" text null, "upto_key" text null, "status" text not null, "attempt" int not null default 1, "counts" jsonb not null, "last_key" text null, "worker" varchar(100) null, "error" text null, "started_at" timestamptz null, "finished_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "run_chunk_run_id_index" on "run_chunk" ("run_id");`);

    this.addSql(`alter table "run_chunk" add constraint "run_chunk_run_id_foreign" foreign key ("run_id") references "run" ("id") on delete cascade;`);
    this.addSql(`alter table "run_chunk" add constraint "run_chunk_task_id_foreign" foreign key ("task_id") references "run_task" ("id") on delete cascade;`);
    this.addSql(`alter table "run_chunk" add constraint "run_chunk_status_check" check ("status" in ('pending', 'running', 'succeeded', 'succeeded_with_warnings', 'failed', 'skipped', 'cancelled'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "run_chunk" cascade;`);
  }

}
