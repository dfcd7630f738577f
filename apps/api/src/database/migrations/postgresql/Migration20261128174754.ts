import { Migration } from '@mikro-orm/migrations';

export class Migration20261128174754 extends Migration {

  override name = 'Migration20261128174754';

  override up(): void | Promise<void> {
    this.addSql(`create table "audit_event" ("id" varchar(36) not null, "environment_id" varchar(36) null, "actor_type" text not null, "actor_id" varchar(36) null, "actor_label" varchar(320) not null, "action" varchar(100) not null, "target_type" varchar(50) not null, "target_id" varchar(36) null, "before" jsonb null, "after" jsonb null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "audit_event_environment_id_created_at_index" on "audit_event" ("environment_id", "created_at");`);

    this.addSql(`create table "environment" ("id" varchar(36) not null, "slug" varchar(64) not null, "name" varchar(200) not null, "kind" text not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "environment" add constraint "environment_slug_unique" unique ("slug");`);

    this.addSql(`create table "data_table" ("id" varchar(36) not null, "environment_id" varchar(36) not null, "name" varchar(63) not null, "key_column" varchar(63) not null, "columns" jsonb not null, "physical_name" varchar(63) not null, "record_count" int not null default 0, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "data_table" add constraint "data_table_physical_name_unique" unique ("physical_name");`);
    this.addSql(`alter table "data_table" add constraint "data_table_environment_id_name_unique" unique ("environment_id", "name");`);

    this.addSql(`create table "connection" ("id" varchar(36) not null, "environment_id" varchar(36) not null, "connector_id" varchar(100) not null, "name" varchar(200) not null, "settings" jsonb not null, "secrets_ciphertext" text null, "secret_keys" jsonb not null, "sharing" jsonb not null, "created_by" varchar(36) null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "connection" add constraint "connection_environment_id_name_unique" unique ("environment_id", "name");`);

    this.addSql(`create table "api_key" ("id" varchar(36) not null, "environment_id" varchar(36) not null, "name" varchar(200) not null, "role" text not null, "prefix" varchar(16) not null, "key_hash" varchar(64) not null, "created_by" varchar(36) null, "created_at" timestamptz not null, "last_used_at" timestamptz null, "revoked_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "api_key_environment_id_index" on "api_key" ("environment_id");`);
    this.addSql(`alter table "api_key" add constraint "api_key_key_hash_unique" unique ("key_hash");`);

    this.addSql(`create table "export" ("id" varchar(36) not null, "environment_id" varchar(36) not null, "name" varchar(200) not null, "type" text not null, "connection_id" varchar(36) null, "audience_kind" varchar(100) null, "items" jsonb not null, "mapping" jsonb not null, "options" jsonb not null, "schedule" jsonb not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "updated_by" varchar(200) null, primary key ("id"));`);
    this.addSql(`alter table "export" add constraint "export_environment_id_name_unique" unique ("environment_id", "name");`);

    this.addSql(`create table "run" ("id" varchar(36) not null, "environment_id" varchar(36) not null, "export_id" varchar(36) not null, "trigger" text not null, "status" text not null, "attempt" int not null default 1, "dry_run" boolean not null default false, "error" text null, "checkpoint" jsonb null, "created_at" timestamptz not null, "started_at" timestamptz null, "finished_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "run_export_id_created_at_index" on "run" ("export_id", "created_at");`);

    this.addSql(`create table "run_task" ("id" varchar(36) not null, "run_id" varchar(36) not null, "position" int not null, "kind" text not null, "item_id" varchar(36) null, "label" varchar(200) not null, "status" text not null, "counts" jsonb not null, "error" text null, "started_at" timestamptz null, "finished_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "run_task_run_id_index" on "run_task" ("run_id");`);

    this.addSql(`create table "segment" ("id" varchar(36) not null, "environment_id" varchar(36) not null, "name" varchar(200) not null, "description" varchar(1000) null, "type" text not null, "base_table_id" varchar(36) not null, "rule" jsonb not null, "member_count" int not null default 0, "refresh_status" text not null default 'never', "refresh_error" text null, "last_refreshed_at" timestamptz null, "refresh_duration_ms" int null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "segment" add constraint "segment_environment_id_name_unique" unique ("environment_id", "name");`);

    this.addSql(`create table "segment_member" ("segment_id" varchar(36) not null, "member_key" varchar(255) not null, primary key ("segment_id", "member_key"));`);

    this.addSql(`create table "system_refresh_run" ("id" varchar(36) not null, "environment_id" varchar(36) not null, "trigger" text not null, "status" text not null, "error" text null, "created_at" timestamptz not null, "started_at" timestamptz null, "finished_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "system_refresh_run_environment_id_index" on "system_refresh_run" ("environment_id");`);

    this.addSql(`create table "system_refresh_settings" ("environment_id" varchar(36) not null, "schedule" jsonb not null, "updated_at" timestamptz not null, primary key ("environment_id"));`);

    this.addSql(`create table "app_user" ("id" varchar(36) not null, "email" varchar(320) not null, "name" varchar(200) not null, "password_hash" varchar(300) not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "app_user" add constraint "app_user_email_unique" unique ("email");`);

    this.addSql(`create table "session" ("token_hash" varchar(64) not null, "user_id" varchar(36) not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, primary key ("token_hash"));`);
    this.addSql(`create index "session_user_id_index" on "session" ("user_id");`);

    this.addSql(`create table "membership" ("id" varchar(36) not null, "user_id" varchar(36) not null, "environment_id" varchar(36) not null, "role" text not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "membership" add constraint "membership_user_id_environment_id_unique" unique ("user_id", "environment_id");`);

    this.addSql(`alter table "audit_event" add constraint "audit_event_actor_type_check" check ("actor_type" in ('user', 'api-key', 'system'));`);

    this.addSql(`alter table "environment" add constraint "environment_kind_check" check ("kind" in ('individuals', 'business'));`);

    this.addSql(`alter table "data_table" add constraint "data_table_environment_id_foreign" foreign key ("environment_id") references "environment" ("id") on delete cascade;`);

    this.addSql(`alter table "connection" add constraint "connection_environment_id_foreign" foreign key ("environment_id") references "environment" ("id") on delete cascade;`);

    this.addSql(`alter table "api_key" add constraint "api_key_environment_id_foreign" foreign key ("environment_id") references "environment" ("id") on delete cascade;`);
    this.addSql(`alter table "api_key" add constraint "api_key_role_check" check ("role" in ('admin', 'contributor', 'viewer'));`);

    this.addSql(`alter table "export" add constraint "export_environment_id_foreign" foreign key ("environment_id") references "environment" ("id") on delete cascade;`);
    this.addSql(`alter table "export" add constraint "export_connection_id_foreign" foreign key ("connection_id") references "connection" ("id") on delete set null;`);
    this.addSql(`alter table "export" add constraint "export_type_check" check ("type" in ('segment', 'data-out'));`);

    this.addSql(`alter table "run" add constraint "run_environment_id_foreign" foreign key ("environment_id") references "environment" ("id") on delete cascade;`);
    this.addSql(`alter table "run" add constraint "run_export_id_foreign" foreign key ("export_id") references "export" ("id") on delete cascade;`);
    this.addSql(`alter table "run" add constraint "run_trigger_check" check ("trigger" in ('system-refresh', 'schedule', 'manual', 'run-all', 'api'));`);
    this.addSql(`alter table "run" add constraint "run_status_check" check ("status" in ('queued', 'waiting', 'running', 'succeeded', 'succeeded_with_warnings', 'failed_retrying', 'failed', 'skipped', 'cancelled'));`);

    this.addSql(`alter table "run_task" add constraint "run_task_run_id_foreign" foreign key ("run_id") references "run" ("id") on delete cascade;`);
    this.addSql(`alter table "run_task" add constraint "run_task_kind_check" check ("kind" in ('prepare', 'segment', 'table', 'finalize'));`);
    this.addSql(`alter table "run_task" add constraint "run_task_status_check" check ("status" in ('pending', 'running', 'succeeded', 'succeeded_with_warnings', 'failed', 'skipped', 'cancelled'));`);

    this.addSql(`alter table "segment" add constraint "segment_environment_id_foreign" foreign key ("environment_id") references "environment" ("id") on delete cascade;`);
    this.addSql(`alter table "segment" add constraint "segment_base_table_id_foreign" foreign key ("base_table_id") references "data_table" ("id");`);
    this.addSql(`alter table "segment" add constraint "segment_type_check" check ("type" in ('profile', 'account', 'contact'));`);
    this.addSql(`alter table "segment" add constraint "segment_refresh_status_check" check ("refresh_status" in ('never', 'refreshing', 'succeeded', 'failed'));`);

    this.addSql(`alter table "segment_member" add constraint "segment_member_segment_id_foreign" foreign key ("segment_id") references "segment" ("id") on delete cascade;`);

    this.addSql(`alter table "system_refresh_run" add constraint "system_refresh_run_environment_id_foreign" foreign key ("environment_id") references "environment" ("id") on delete cascade;`);
    this.addSql(`alter table "system_refresh_run" add constraint "system_refresh_run_trigger_check" check ("trigger" in ('system-refresh', 'schedule', 'manual', 'run-all', 'api'));`);
    this.addSql(`alter table "system_refresh_run" add constraint "system_refresh_run_status_check" check ("status" in ('queued', 'waiting', 'running', 'succeeded', 'succeeded_with_warnings', 'failed_retrying', 'failed', 'skipped', 'cancelled'));`);

    this.addSql(`alter table "system_refresh_settings" add constraint "system_refresh_settings_environment_id_foreign" foreign key ("environment_id") references "environment" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "session" add constraint "session_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete cascade;`);

    this.addSql(`alter table "membership" add constraint "membership_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete cascade;`);
    this.addSql(`alter table "membership" add constraint "membership_environment_id_foreign" foreign key ("environment_id") references "environment" ("id") on delete cascade;`);
    this.addSql(`alter table "membership" add constraint "membership_role_check" check ("role" in ('admin', 'contributor', 'viewer'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "data_table" drop constraint "data_table_environment_id_foreign";`);
    this.addSql(`alter table "connection" drop constraint "connection_environment_id_foreign";`);
    this.addSql(`alter table "api_key" drop constraint "api_key_environment_id_foreign";`);
    this.addSql(`alter table "export" drop constraint "export_environment_id_foreign";`);
    this.addSql(`alter table "run" drop constraint "run_environment_id_foreign";`);
    this.addSql(`alter table "segment" drop constraint "segment_environment_id_foreign";`);
    this.addSql(`alter table "system_refresh_run" drop constraint "system_refresh_run_environment_id_foreign";`);
    this.addSql(`alter table "system_refresh_settings" drop constraint "system_refresh_settings_environment_id_foreign";`);
    this.addSql(`alter table "membership" drop constraint "membership_environment_id_foreign";`);
    this.addSql(`alter table "segment" drop constraint "segment_base_table_id_foreign";`);
    this.addSql(`alter table "export" drop constraint "export_connection_id_foreign";`);
    this.addSql(`alter table "run" drop constraint "run_export_id_foreign";`);
    this.addSql(`alter table "run_task" drop constraint "run_task_run_id_foreign";`);
    this.addSql(`alter table "segment_member" drop constraint "segment_member_segment_id_foreign";`);
    this.addSql(`alter table "session" drop constraint "session_user_id_foreign";`);
    this.addSql(`alter table "membership" drop constraint "membership_user_id_foreign";`);

    this.addSql(`drop table if exists "audit_event" cascade;`);
    this.addSql(`drop table if exists "environment" cascade;`);
    this.addSql(`drop table if exists "data_table" cascade;`);
    this.addSql(`drop table if exists "connection" cascade;`);
    this.addSql(`drop table if exists "api_key" cascade;`);
    this.addSql(`drop table if exists "export" cascade;`);
    this.addSql(`drop table if exists "run" cascade;`);
    this.addSql(`drop table if exists "run_task" cascade;`);
    this.addSql(`drop table if exists "segment" cascade;`);
    this.addSql(`drop table if exists "segment_member" cascade;`);
    this.addSql(`drop table if exists "system_refresh_run" cascade;`);
    this.addSql(`drop table if exists "system_refresh_settings" cascade;`);
    this.addSql(`drop table if exists "app_user" cascade;`);
    this.addSql(`drop table if exists "session" cascade;`);
    this.addSql(`drop table if exists "membership" cascade;`);
  }

}
