import { Migration } from '@mikro-orm/migrations';

export class Migration20261130061416 extends Migration {

  override name = 'Migration20261130061416';

  override up(): void | Promise<void> {
    this.addSql(`create table \`login_throttle\` (\`key\` text not null primary key, \`failures\` integer not null, \`last_failure_at\` datetime not null, \`locked_until\` datetime null);`);

    this.addSql(`alter table \`api_key\` add column \`expires_at\` datetime null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`login_throttle\`;`);

    this.addSql(`alter table \`api_key\` drop column \`expires_at\`;`);
  }

}
