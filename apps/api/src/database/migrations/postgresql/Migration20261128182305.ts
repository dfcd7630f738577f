import { Migration } from '@mikro-orm/migrations';

export class Migration20261128182305 extends Migration {

  override name = 'Migration20261128182305';

  override up(): void | Promise<void> {
    this.addSql(`create table "export_member_state" ("export_id" varchar(36) not null, "segment_id" varchar(36) not null, "member_key" varchar(255) not null, "sent_values" jsonb not null, primary key ("export_id", "segment_id", "member_key"));`);

    this.addSql(`create table "run_rejection" ("id" serial primary key, "run_id" varchar(36) not null, "task_id" varchar(36) not null, "item" varchar(200) not null, "member_key" varchar(255) not null, "field" varchar(100) null, "reason" text not null);`);
    this.addSql(`create index "run_rejection_run_id_index" on "run_rejection" ("run_id");`);

    this.addSql(`alter table "run" add "full_resync" boolean not null default false, add "cancel_requested" boolean not null default false, add "worker" varchar(100) null;`);

    this.addSql(`alter table "run_task" add "plan" jsonb null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "export_member_state" cascade;`);
    this.addSql(`drop table if exists "run_rejection" cascade;`);

    this.addSql(`alter table "run" drop column "full_resync", drop column "cancel_requested", drop column "worker";`);

    this.addSql(`alter table "run_task" drop column "plan";`);
  }

}
