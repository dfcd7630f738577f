import { Migration } from '@mikro-orm/migrations';

export class Migration20261130061418 extends Migration {

  override name = 'Migration20261130061418';

  override up(): void | Promise<void> {
    this.addSql(`create table "login_throttle" ("key" varchar(64) not null, "failures" int not null, "last_failure_at" timestamptz not null, "locked_until" timestamptz null, primary key ("key"));`);

    this.addSql(`alter table "api_key" add "expires_at" timestamptz null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "login_throttle" cascade;`);

    this.addSql(`alter table "api_key" drop column "expires_at";`);
  }

}
