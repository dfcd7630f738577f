import { Migration } from '@mikro-orm/migrations';

export class Migration20261130070937 extends Migration {

  override name = 'Migration20261130070937';

  override up(): void | Promise<void> {
    this.addSql(`create table \`alert_channel\` (\`id\` text not null primary key, \`environment_id\` text not null, \`kind\` text not null, \`name\` text not null, \`settings\` json not null, \`secrets_ciphertext\` text null, \`secret_keys\` json not null, \`events\` json not null, \`enabled\` integer not null default true, \`created_by\` text null, \`created_at\` datetime not null, \`updated_at\` datetime not null, constraint \`alert_channel_environment_id_foreign\` foreign key (\`environment_id\`) references \`environment\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`alert_channel_environment_id_index\` on \`alert_channel\` (\`environment_id\`);`);
    this.addSql(`create unique index \`alert_channel_environment_id_name_unique\` on \`alert_channel\` (\`environment_id\`, \`name\`);`);

    this.addSql(`create table \`alert\` (\`id\` text not null primary key, \`environment_id\` text not null, \`event\` text not null, \`subject_id\` text not null, \`dedupe_key\` text not null, \`facts\` json not null, \`created_at\` datetime not null, constraint \`alert_environment_id_foreign\` foreign key (\`environment_id\`) references \`environment\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`alert_environment_id_index\` on \`alert\` (\`environment_id\`);`);
    this.addSql(`create unique index \`alert_dedupe_key_unique\` on \`alert\` (\`dedupe_key\`);`);
    this.addSql(`create index \`alert_event_subject_id_created_at_index\` on \`alert\` (\`event\`, \`subject_id\`, \`created_at\`);`);

    this.addSql(`create table \`alert_delivery\` (\`id\` text not null primary key, \`alert_id\` text not null, \`channel_id\` text not null, \`status\` text not null, \`attempts\` integer not null default 0, \`last_error\` text null, \`next_attempt_at\` datetime null, \`created_at\` datetime not null, \`finished_at\` datetime null, constraint \`alert_delivery_alert_id_foreign\` foreign key (\`alert_id\`) references \`alert\` (\`id\`) on delete cascade, constraint \`alert_delivery_channel_id_foreign\` foreign key (\`channel_id\`) references \`alert_channel\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`alert_delivery_alert_id_index\` on \`alert_delivery\` (\`alert_id\`);`);
    this.addSql(`create index \`alert_delivery_channel_id_index\` on \`alert_delivery\` (\`channel_id\`);`);
    this.addSql(`create index \`alert_delivery_channel_id_created_at_index\` on \`alert_delivery\` (\`channel_id\`, \`created_at\`);`);
    this.addSql(`create unique index \`alert_delivery_alert_id_channel_id_unique\` on \`alert_delivery\` (\`alert_id\`, \`channel_id\`);`);

    this.addSql(`create table \`alert_preference\` (\`id\` text not null primary key, \`user_id\` text not null, \`environment_id\` text not null, \`opted_out\` json not null, \`updated_at\` datetime not null, constraint \`alert_preference_user_id_foreign\` foreign key (\`user_id\`) references \`app_user\` (\`id\`) on delete cascade, constraint \`alert_preference_environment_id_foreign\` foreign key (\`environment_id\`) references \`environment\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`alert_preference_user_id_index\` on \`alert_preference\` (\`user_id\`);`);
    this.addSql(`create index \`alert_preference_environment_id_index\` on \`alert_preference\` (\`environment_id\`);`);
    this.addSql(`create unique index \`alert_preference_user_id_environment_id_unique\` on \`alert_preference\` (\`user_id\`, \`environment_id\`);`);
  }

  override down(): void | Promise<void> {

    this.addSql(`drop table if exists \`alert_channel\`;`);
    this.addSql(`drop table if exists \`alert\`;`);
    this.addSql(`drop table if exists \`alert_delivery\`;`);
    this.addSql(`drop table if exists \`alert_preference\`;`);
  }

}
