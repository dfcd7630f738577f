import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { AlertChannelsController } from './alerts/alert-channels.controller.js';
import { AlertChannelsService } from './alerts/alert-channels.service.js';
import { AlertDeliverer } from './alerts/alert-deliverer.js';
import { AlertPreferencesController } from './alerts/alert-preferences.controller.js';
import { AlertRaiser } from './alerts/alert-raiser.js';
import { AlertSender } from './alerts/alert-sender.js';
import { ApiKeysController } from './auth/api-keys.controller.js';
import { AuditService } from './audit/audit.service.js';
import { AuthController } from './auth/auth.controller.js';
import { AuthGuard } from './auth/auth.guard.js';
import { CredentialsService } from './auth/credentials.service.js';
import { LoginThrottleService } from './auth/login-throttle.js';
import { ProblemFilter } from './common/problem.filter.js';
import { InputGuard } from './common/request-input.js';
import { ConfigModule } from './config/config.module.js';
import type { Config } from './config/config.js';
import { applyHostPolicy } from './config/host-policy.js';
import { Database, ORM, RequestContextMiddleware } from './database/database.js';
import type { Orm } from './database/orm.js';
import { DemoSandboxes } from './demo/demo-sandboxes.js';
import { UsersController } from './users/users.controller.js';
import { UsersService } from './users/users.service.js';
import { EnvironmentsController } from './environments/environments.controller.js';
import { EnvironmentsService } from './environments/environments.service.js';
import { HealthController } from './health/health.controller.js';
import { IngestionService } from './records/ingestion.service.js';
import { RecordStore } from './records/record-store.js';
import { SegmentsController } from './segments/segments.controller.js';
import { SegmentsService } from './segments/segments.service.js';
import { TablesController } from './tables/tables.controller.js';
import { TablesService } from './tables/tables.service.js';
import { ConnectionTester } from './connections/connection-tester.js';
import { ConnectionsController } from './connections/connections.controller.js';
import { ConnectionsService } from './connections/connections.service.js';
import { CredentialEvents } from './connections/credential-events.js';
import { ConnectorRegistry } from './connectors/connector-registry.js';
import { ConnectorsController } from './connectors/connectors.controller.js';
import { ExportGate } from './exports/export-gate.js';
import { ExportSchedules } from './exports/export-schedules.js';
import { ExportValidation } from './exports/export-validation.js';
import { ExportsController } from './exports/exports.controller.js';
import { ExportsService } from './exports/exports.service.js';
import { QueueModule } from './runs/queue/queue.module.js';
import { JobRouter } from './runs/queue/job-router.js';
import { RecordReader } from './runs/record-reader.js';
import { ChunkRunner } from './runs/chunk-runner.js';
import { ExportContexts } from './runs/export-context.js';
import { RunExecutor } from './runs/run-executor.js';
import { RunEvents } from './runs/run-events.js';
import { RunLedger } from './runs/run-ledger.js';
import { RunsController } from './runs/runs.controller.js';
import { RunsService } from './runs/runs.service.js';
import { RunRecovery } from './runs/run-recovery.js';
import { RunInterruptions } from './runs/run-interruptions.js';
import { RunLeases } from './runs/run-lease.js';
import { Clock } from './schedules/clock.js';
import { ExportScheduler } from './schedules/export-scheduler.js';
import { ScheduleTicker } from './schedules/schedule-ticker.js';
import { SegmentRefresher } from './segments/segment-refresher.js';
import { SystemController } from './system/system.controller.js';
import { SystemRefreshService } from './system/system-refresh.service.js';

@Module({})
export class AppModule implements NestModule {
  /** The ORM is opened (and migrated) by the caller, so the CLI, the server and tests share one path. */
  static forRoot(config: Config, orm: Orm): DynamicModule {
    // Before any connector runs: every entry point (server, worker, CLI, tests) builds the app here.
    applyHostPolicy(config);
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), QueueModule.forRoot(config), ScheduleModule.forRoot()],
      controllers: [HealthController, AuthController, EnvironmentsController, ApiKeysController, TablesController, SegmentsController, ConnectorsController, ConnectionsController, ExportsController, RunsController, SystemController, AlertChannelsController, AlertPreferencesController, UsersController],
      providers: [
        { provide: ORM, useValue: orm },
        Database,
        CredentialsService,
        LoginThrottleService,
        EnvironmentsService,
        AuditService,
        RecordStore,
        IngestionService,
        TablesService,
        SegmentsService,
        ConnectorRegistry,
        ConnectionTester,
        ConnectionsService,
        ExportGate,
        ExportSchedules,
        ExportValidation,
        ExportsService,
        JobRouter,
        RecordReader,
        RunExecutor,
        RunEvents,
        RunLedger,
        ChunkRunner,
        ExportContexts,
        RunsService,
        RunRecovery,
        RunLeases,
        RunInterruptions,
        Clock,
        SegmentRefresher,
        ExportScheduler,
        ScheduleTicker,
        SystemRefreshService,
        CredentialEvents,
        AlertSender,
        AlertDeliverer,
        AlertRaiser,
        AlertChannelsService,
        DemoSandboxes,
        UsersService,
        // Guards run in this order: bad input is refused before anything looks it up.
        { provide: APP_GUARD, useClass: InputGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_PIPE, useValue: new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }) },
      ],
      exports: [Database, RecordStore, IngestionService, TablesService, SegmentsService, ConnectorRegistry, ConnectionsService, RunsService, DemoSandboxes],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestContextMiddleware).forRoutes('*path');
  }
}
