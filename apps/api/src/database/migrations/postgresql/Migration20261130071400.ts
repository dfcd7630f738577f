import { Migration } from '@mikro-orm/migrations';

export class Migration20261130071400 extends Migration {

  override name = 'Migration20261130071400';

  override up(): void | Promise<void> {
    this.addSql(`create table "run_interruption" ("id" serial primary key, "run_id" varchar(36) not null, "cause" text not null, "key" varchar(100) not null, "message" text not null, "at" timestamptz not null);`);
    this.addSql(`alter table "run_interruption" add constraint "run_interruption_run_id_key_unique" unique ("run_id", "key");`);

    this.addSql(`alter table "run" add "lease_id" varchar(36) null, add "lease_expires_at" timestamptz null;`);
    this.addSql(`create index "run_status_index" on "run" ("status");`);

    this.addSql(`alter table "run_chunk" add "lease_id" varchar(36) null, add "lease_expires_at" timestamptz null;`);

    this.addSql(`alter table "run_interruption" add constraint "run_interruption_run_id_foreign" foreign key ("run_id") references "run" ("id") on delete cascade;`);
    this.addSql(`alter table "run_interruption" add constraint "run_interruption_cause_check" check ("cause" in ('database', 'queue', 'worker'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "run_interruption" cascade;`);

    this.addSql(`drop index "run_status_index";`);
    this.addSql(`alter table "run" drop column "lease_id", drop column "lease_expires_at";`);

    this.addSql(`alter table "run_chunk" drop column "lease_id", drop column "lease_expires_at";`);
  }

}
