import { Migration } from '@mikro-orm/migrations';

export class Migration20261130062819 extends Migration {

  override name = 'Migration20261130062819';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`export_member_state\` add column \`sent_hash\` text null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`export_member_state\` drop column \`sent_hash\`;`);
  }

}
