import { Migration } from '@mikro-orm/migrations';

export class Migration20261130062821 extends Migration {

  override name = 'Migration20261130062821';

  override up(): void | Promise<void> {
    this.addSql(`alter table "export_member_state" add "sent_hash" varchar(22) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "export_member_state" drop column "sent_hash";`);
  }

}
