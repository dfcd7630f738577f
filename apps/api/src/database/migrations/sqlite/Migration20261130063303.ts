import { Migration } from '@mikro-orm/migrations';

export class Migration20261130063303 extends Migration {

  override name = 'Migration20261130063303';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`run_task\` add column \`note\` text null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`run_task\` drop column \`note\`;`);
  }

}
