import { Migration } from '@mikro-orm/migrations';

export class Migration20261128182301 extends Migration {

  override name = 'Migration20261128182301';

  override up(): void | Promise<void> {
    this.addSql(`create table \`export_member_state\` (\`export_id\` text not null, \`segment_id\` text not null, \`member_key\` text not null, \`sent_values\` json not null, primary key (\`export_id\`, \`segment_id\`, \`member_key\`));`);

    this.addSql(`create table \`run_rejection\` (\`id\` integer not null primary key autoincrement, \`run_id\` text not null, \`task_id\` text not null, \`item\` text not null, \`member_key\` text not null, \`field\` text null, \`reason\` text not null);`);
    this.addSql(`create index \`run_rejection_run_id_index\` on \`run_rejection\` (\`run_id\`);`);

    this.addSql(`alter table \`run\` add column \`full_resync\` integer not null default false;`);
    this.addSql(`alter table \`run\` add column \`cancel_requested\` integer not null default false;`);
    this.addSql(`alter table \`run\` add column \`worker\` text null;`);

    this.addSql(`alter table \`run_task\` add column \`plan\` json null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`export_member_state\`;`);
    this.addSql(`drop table if exists \`run_rejection\`;`);

    this.addSql(`alter table \`run\` drop column \`full_resync\`;`);
    this.addSql(`alter table \`run\` drop column \`cancel_requested\`;`);
    this.addSql(`alter table \`run\` drop column \`worker\`;`);

    this.addSql(`alter table \`run_task\` drop column \`plan\`;`);
  }

}
