import { Migration } from '@mikro-orm/migrations';

export class Migration20261128205436 extends Migration {

  override name = 'Migration20261128205436';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`run\` add column \`waiting_for\` text null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`run\` drop column \`waiting_for\`;`);
  }

}
