import { Migration } from '@mikro-orm/migrations';

export class Migration20261130071354 extends Migration {

  override name = 'Migration20261130071354';

  override up(): void | Promise<void> {
    this.addSql(`create table \`run_interruption\` (\`id\` integer not null primary key autoincrement, \`run_id\` text not null, \`cause\` text check (\`cause\` in ('database', 'queue', 'worker')) not null, \`key\` text not null, \`message\` text not null, \`at\` datetime not null, constraint \`run_interruption_run_id_foreign\` foreign key (\`run_id\`) references \`run\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`run_interruption_run_id_index\` on \`run_interruption\` (\`run_id\`);`);
    this.addSql(`create unique index \`run_interruption_run_id_key_unique\` on \`run_interruption\` (\`run_id\`, \`key\`);`);

    this.addSql(`alter table \`run\` add column \`lease_id\` text null;`);
    this.addSql(`alter table \`run\` add column \`lease_expires_at\` datetime null;`);
    this.addSql(`create index \`run_status_index\` on \`run\` (\`status\`);`);

    this.addSql(`alter table \`run_chunk\` add column \`lease_id\` text null;`);
    this.addSql(`alter table \`run_chunk\` add column \`lease_expires_at\` datetime null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`run_interruption\`;`);

    this.addSql(`drop index \`run_status_index\`;`);
    this.addSql(`alter table \`run\` drop column \`lease_id\`;`);
    this.addSql(`alter table \`run\` drop column \`lease_expires_at\`;`);

    this.addSql(`alter table \`run_chunk\` drop column \`lease_id\`;`);
    this.addSql(`alter table \`run_chunk\` drop column \`lease_expires_at\`;`);
  }

}
