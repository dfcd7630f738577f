import { Migration } from '@mikro-orm/migrations';
import { describeExportSchedule, isScheduleOn, type ExportSchedule } from '@outport/core';

export class Migration20261130073906 extends Migration {

  override name = 'Migration20261130073906';

  override async up(): Promise<void> {
    await this.execute(`alter table "export" add "schedule_text" varchar(200) not null default '', add "runs_with_refresh" boolean not null default false, add "last_run_status" varchar(30) null, add "last_refreshed_at" timestamptz null;`);
    await this.execute(`create index "export_environment_id_last_run_status_index" on "export" ("environment_id", "last_run_status");`);
    await this.execute(`create index "export_environment_id_last_refreshed_at_index" on "export" ("environment_id", "last_refreshed_at");`);
    await this.execute(`create index "export_environment_id_updated_at_index" on "export" ("environment_id", "updated_at");`);
    // Fill the new columns of existing exports: their schedule in words, and what their runs say.
    for (const row of await this.execute(`select id, schedule from export`)) {
      const schedule = (typeof row.schedule === 'string' ? JSON.parse(row.schedule) : row.schedule) as ExportSchedule;
      const described = { text: describeExportSchedule(schedule), on: schedule.kind === 'system-refresh' && isScheduleOn(schedule) };
      await this.execute(`update export set schedule_text = ?, runs_with_refresh = ? where id = ?`, [described.text, described.on, row.id]);
    }
    await this.execute(
      `update export set last_run_status = (select r.status from run r where r.export_id = export.id and r.dry_run = false order by r.created_at desc, r.id desc limit 1)`,
    );
    await this.execute(
      `update export set last_refreshed_at = (select max(r.finished_at) from run r where r.export_id = export.id and r.dry_run = false and r.status in ('succeeded', 'succeeded_with_warnings'))`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "export_environment_id_last_run_status_index";`);
    this.addSql(`drop index "export_environment_id_last_refreshed_at_index";`);
    this.addSql(`drop index "export_environment_id_updated_at_index";`);
    this.addSql(`alter table "export" drop column "schedule_text", drop column "runs_with_refresh", drop column "last_run_status", drop column "last_refreshed_at";`);
  }

}
