import { Migration } from '@mikro-orm/migrations';

export class Migration20261128174750 extends Migration {

  override name = 'Migration20261128174750';

  override up(): void | Promise<void> {
    this.addSql(`create table \`audit_event\` (\`id\` text not null primary key, \`environment_id\` text null, \`actor_type\` text check (\`actor_type\` in ('user', 'api-key', 'system')) not null, \`actor_id\` text null, \`actor_label\` text not null, \`action\` text not null, \`target_type\` text not null, \`target_id\` text null, \`before\` json null, \`after\` json null, \`created_at\` datetime not null);`);
    this.addSql(`create index \`audit_event_environment_id_created_at_index\` on \`audit_event\` (\`environment_id\`, \`created_at\`);`);

    this.addSql(`create table \`environment\` (\`id\` text not null primary key, \`slug\` text not null, \`name\` text not null, \`kind\` text check (\`kind\` in ('individuals', 'business')) not null, \`created_at\` datetime not null);`);
    this.addSql(`create unique index \`environment_slug_unique\` on \`environment\` (\`slug\`);`);

    this.addSql(`create table \`data_table\` (\`id\` text not null primary key, \`environment_id\` text not null, \`name\` text not null, \`key_column\` text not null, \`columns\` json not null, \`physical_name\` text not null, \`record_count\` integer not null default 0, \`created_at\` datetime not null, \`updated_at\` datetime not null, constraint \`data_table_environment_id_foreign\` foreign key (\`environment_id\`) references \`environment\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`data_table_environment_id_index\` on \`data_table\` (\`environment_id\`);`);
    this.addSql(`create unique index \`data_table_physical_name_unique\` on \`data_table\` (\`physical_name\`);`);
    this.addSql(`create unique index \`data_table_environment_id_name_unique\` on \`data_table\` (\`environment_id\`, \`name\`);`);

    this.addSql(`create table \`connection\` (\`id\` text not null primary key, \`environment_id\` text not null, \`connector_id\` text not null, \`name\` text not null, \`settings\` json not null, \`secrets_ciphertext\` text null, \`secret_keys\` json not null, \`sharing\` json not null, \`created_by\` text null, \`created_at\` datetime not null, \`updated_at\` datetime not null, constraint \`connection_environment_id_foreign\` foreign key (\`environment_id\`) references \`environment\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`connection_environment_id_index\` on \`connection\` (\`environment_id\`);`);
    this.addSql(`create unique index \`connection_environment_id_name_unique\` on \`connection\` (\`environment_id\`, \`name\`);`);

    this.addSql(`create table \`api_key\` (\`id\` text not null primary key, \`environment_id\` text not null, \`name\` text not null, \`role\` text check (\`role\` in ('admin', 'contributor', 'viewer')) not null, \`prefix\` text not null, \`key_hash\` text not null, \`created_by\` text null, \`created_at\` datetime not null, \`last_used_at\` datetime null, \`revoked_at\` datetime null, constraint \`api_key_environment_id_foreign\` foreign key (\`environment_id\`) references \`environment\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`api_key_environment_id_index\` on \`api_key\` (\`environment_id\`);`);
    this.addSql(`create unique index \`api_key_key_hash_unique\` on \`api_key\` (\`key_hash\`);`);

    this.addSql(`create table \`export\` (\`id\` text not null primary key, \`environment_id\` text not null, \`name\` text not null, \`type\` text check (\`type\` in ('segment', 'data-out')) not null, \`connection_id\` text null, \`audience_kind\` text null, \`items\` json not null, \`mapping\` json not null, \`options\` json not null, \`schedule\` json not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`updated_by\` text null, constraint \`export_environment_id_foreign\` foreign key (\`environment_id\`) references \`environment\` (\`id\`) on delete cascade, constraint \`export_connection_id_foreign\` foreign key (\`connection_id\`) references \`connection\` (\`id\`) on delete set null);`);
    this.addSql(`create index \`export_environment_id_index\` on \`export\` (\`environment_id\`);`);
    this.addSql(`create index \`export_connection_id_index\` on \`export\` (\`connection_id\`);`);
    this.addSql(`create unique index \`export_environment_id_name_unique\` on \`export\` (\`environment_id\`, \`name\`);`);

    this.addSql(`create table \`run\` (\`id\` text not null primary key, \`environment_id\` text not null, \`export_id\` text not null, \`trigger\` text check (\`trigger\` in ('system-refresh', 'schedule', 'manual', 'run-all', 'api')) not null, \`status\` text check (\`status\` in ('queued', 'waiting', 'running', 'succeeded', 'succeeded_with_warnings', 'failed_retrying', 'failed', 'skipped', 'cancelled')) not null, \`attempt\` integer not null default 1, \`dry_run\` integer not null default false, \`error\` text null, \`checkpoint\` json null, \`created_at\` datetime not null, \`started_at\` datetime null, \`finished_at\` datetime null, constraint \`run_environment_id_foreign\` foreign key (\`environment_id\`) references \`environment\` (\`id\`) on delete cascade, constraint \`run_export_id_foreign\` foreign key (\`export_id\`) references \`export\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`run_environment_id_index\` on \`run\` (\`environment_id\`);`);
    this.addSql(`create index \`run_export_id_index\` on \`run\` (\`export_id\`);`);
    this.addSql(`create index \`run_export_id_created_at_index\` on \`run\` (\`export_id\`, \`created_at\`);`);

    this.addSql(`create table \`run_task\` (\`id\` text not null primary key, \`run_id\` text not null, \`position\` integer not null, \`kind\` text check (\`kind\` in ('prepare', 'segment', 'table', 'finalize')) not null, \`item_id\` text null, \`label\` text not null, \`status\` text check (\`status\` in ('pending', 'running', 'succeeded', 'succeeded_with_warnings', 'failed', 'skipped', 'cancelled')) not null, \`counts\` json not null, \`error\` text null, \`started_at\` datetime null, \`finished_at\` datetime null, constraint \`run_task_run_id_foreign\` foreign key (\`run_id\`) references \`run\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`run_task_run_id_index\` on \`run_task\` (\`run_id\`);`);

    this.addSql(`create table \`segment\` (\`id\` text not null primary key, \`environment_id\` text not null, \`name\` text not null, \`description\` text null, \`type\` text check (\`type\` in ('profile', 'account', 'contact')) not null, \`base_table_id\` text not null, \`rule\` json not null, \`member_count\` integer not null default 0, \`refresh_status\` text check (\`refresh_status\` in ('never', 'refreshing', 'succeeded', 'failed')) not null default 'never', \`refresh_error\` text null, \`last_refreshed_at\` datetime null, \`refresh_duration_ms\` integer null, \`created_at\` datetime not null, \`updated_at\` datetime not null, constraint \`segment_environment_id_foreign\` foreign key (\`environment_id\`) references \`environment\` (\`id\`) on delete cascade, constraint \`segment_base_table_id_foreign\` foreign key (\`base_table_id\`) references \`data_table\` (\`id\`));`);
    this.addSql(`create index \`segment_environment_id_index\` on \`segment\` (\`environment_id\`);`);
    this.addSql(`create index \`segment_base_table_id_index\` on \`segment\` (\`base_table_id\`);`);
    this.addSql(`create unique index \`segment_environment_id_name_unique\` on \`segment\` (\`environment_id\`, \`name\`);`);

    this.addSql(`create table \`segment_member\` (\`segment_id\` text not null, \`member_key\` text not null, primary key (\`segment_id\`, \`member_key\`), constraint \`segment_member_segment_id_foreign\` foreign key (\`segment_id\`) references \`segment\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`segment_member_segment_id_index\` on \`segment_member\` (\`segment_id\`);`);

    this.addSql(`create table \`system_refresh_run\` (\`id\` text not null primary key, \`environment_id\` text not null, \`trigger\` text check (\`trigger\` in ('system-refresh', 'schedule', 'manual', 'run-all', 'api')) not null, \`status\` text check (\`status\` in ('queued', 'waiting', 'running', 'succeeded', 'succeeded_with_warnings', 'failed_retrying', 'failed', 'skipped', 'cancelled')) not null, \`error\` text null, \`created_at\` datetime not null, \`started_at\` datetime null, \`finished_at\` datetime null, constraint \`system_refresh_run_environment_id_foreign\` foreign key (\`environment_id\`) references \`environment\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`system_refresh_run_environment_id_index\` on \`system_refresh_run\` (\`environment_id\`);`);

    this.addSql(`create table \`system_refresh_settings\` (\`environment_id\` text not null primary key, \`schedule\` json not null, \`updated_at\` datetime not null, constraint \`system_refresh_settings_environment_id_foreign\` foreign key (\`environment_id\`) references \`environment\` (\`id\`) on update cascade on delete cascade);`);

    this.addSql(`create table \`app_user\` (\`id\` text not null primary key, \`email\` text not null, \`name\` text not null, \`password_hash\` text not null, \`created_at\` datetime not null);`);
    this.addSql(`create unique index \`app_user_email_unique\` on \`app_user\` (\`email\`);`);

    this.addSql(`create table \`session\` (\`token_hash\` text not null primary key, \`user_id\` text not null, \`created_at\` datetime not null, \`expires_at\` datetime not null, constraint \`session_user_id_foreign\` foreign key (\`user_id\`) references \`app_user\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`session_user_id_index\` on \`session\` (\`user_id\`);`);

    this.addSql(`create table \`membership\` (\`id\` text not null primary key, \`user_id\` text not null, \`environment_id\` text not null, \`role\` text check (\`role\` in ('admin', 'contributor', 'viewer')) not null, \`created_at\` datetime not null, constraint \`membership_user_id_foreign\` foreign key (\`user_id\`) references \`app_user\` (\`id\`) on delete cascade, constraint \`membership_environment_id_foreign\` foreign key (\`environment_id\`) references \`environment\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`membership_user_id_index\` on \`membership\` (\`user_id\`);`);
    this.addSql(`create index \`membership_environment_id_index\` on \`membership\` (\`environment_id\`);`);
    this.addSql(`create unique index \`membership_user_id_environment_id_unique\` on \`membership\` (\`user_id\`, \`environment_id\`);`);
  }

  override down(): void | Promise<void> {

    this.addSql(`drop table if exists \`audit_event\`;`);
    this.addSql(`drop table if exists \`environment\`;`);
    this.addSql(`drop table if exists \`data_table\`;`);
    this.addSql(`drop table if exists \`connection\`;`);
    this.addSql(`drop table if exists \`api_key\`;`);
    this.addSql(`drop table if exists \`export\`;`);
    this.addSql(`drop table if exists \`run\`;`);
    this.addSql(`drop table if exists \`run_task\`;`);
    this.addSql(`drop table if exists \`segment\`;`);
    this.addSql(`drop table if exists \`segment_member\`;`);
    this.addSql(`drop table if exists \`system_refresh_run\`;`);
    this.addSql(`drop table if exists \`system_refresh_settings\`;`);
    this.addSql(`drop table if exists \`app_user\`;`);
    this.addSql(`drop table if exists \`session\`;`);
    this.addSql(`drop table if exists \`membership\`;`);
  }

}
