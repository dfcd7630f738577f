import { Migration } from '@mikro-orm/migrations';

export class Migration20261130070948 extends Migration {

  override name = 'Migration20261130070948';

  override up(): void | Promise<void> {
    this.addSql(`create table "alert_channel" ("id" varchar(36) not null, "environment_id" varchar(36) not null, "kind" varchar(20) not null, "name" varchar(200) not null, "settings" jsonb not null, "secrets_ciphertext" text null, "secret_keys" jsonb not null, "events" jsonb not null, "enabled" boolean not null default true, "created_by" varchar(36) null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "alert_channel" add constraint "alert_channel_environment_id_name_unique" unique ("environment_id", "name");`);

    this.addSql(`create table "alert" ("id" varchar(36) not null, "environment_id" varchar(36) not null, "event" varchar(64) not null, "subject_id" varchar(36) not null, "dedupe_key" varchar(200) not null, "facts" jsonb not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "alert_environment_id_index" on "alert" ("environment_id");`);
    this.addSql(`alter table "alert" add constraint "alert_dedupe_key_unique" unique ("dedupe_key");`);
    this.addSql(`create index "alert_event_subject_id_created_at_index" on "alert" ("event", "subject_id", "created_at");`);

    this.addSql(`create table "alert_delivery" ("id" varchar(36) not null, "alert_id" varchar(36) not null, "channel_id" varchar(36) not null, "status" varchar(20) not null, "attempts" int not null default 0, "last_error" text null, "next_attempt_at" timestamptz null, "created_at" timestamptz not null, "finished_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "alert_delivery_channel_id_created_at_index" on "alert_delivery" ("channel_id", "created_at");`);
    this.addSql(`alter table "alert_delivery" add constraint "alert_delivery_alert_id_channel_id_unique" unique ("alert_id", "channel_id");`);

    this.addSql(`create table "alert_preference" ("id" varchar(36) not null, "user_id" varchar(36) not null, "environment_id" varchar(36) not null, "opted_out" jsonb not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "alert_preference_environment_id_index" on "alert_preference" ("environment_id");`);
    this.addSql(`alter table "alert_preference" add constraint "alert_preference_user_id_environment_id_unique" unique ("user_id", "environment_id");`);

    this.addSql(`alter table "alert_channel" add constraint "alert_channel_environment_id_foreign" foreign key ("environment_id") references "environment" ("id") on delete cascade;`);

    this.addSql(`alter table "alert" add constraint "alert_environment_id_foreign" foreign key ("environment_id") references "environment" ("id") on delete cascade;`);

    this.addSql(`alter table "alert_delivery" add constraint "alert_delivery_alert_id_foreign" foreign key ("alert_id") references "alert" ("id") on delete cascade;`);
    this.addSql(`alter table "alert_delivery" add constraint "alert_delivery_channel_id_foreign" foreign key ("channel_id") references "alert_channel" ("id") on delete cascade;`);

    this.addSql(`alter table "alert_preference" add constraint "alert_preference_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete cascade;`);
    this.addSql(`alter table "alert_preference" add constraint "alert_preference_environment_id_foreign" foreign key ("environment_id") references "environment" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "alert_delivery" drop constraint "alert_delivery_channel_id_foreign";`);
    this.addSql(`alter table "alert_delivery" drop constraint "alert_delivery_alert_id_foreign";`);

    this.addSql(`drop table if exists "alert_channel" cascade;`);
    this.addSql(`drop table if exists "alert" cascade;`);
    this.addSql(`drop table if exists "alert_delivery" cascade;`);
    this.addSql(`drop table if exists "alert_preference" cascade;`);
  }

}
