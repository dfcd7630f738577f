export * from './alert.entity.js';
export * from './api-key.entity.js';
export * from './audit-event.entity.js';
export * from './connection.entity.js';
export * from './data-table.entity.js';
export * from './environment.entity.js';
export * from './export-state.entity.js';
export * from './export.entity.js';
export * from './login-throttle.entity.js';
export * from './membership.entity.js';
export * from './run.entity.js';
export * from './segment.entity.js';
export * from './session.entity.js';
export * from './system-refresh.entity.js';
export * from './user.entity.js';

import { Alert, AlertChannel, AlertDelivery, AlertPreference } from './alert.entity.js';
import { ApiKey } from './api-key.entity.js';
import { AuditEvent } from './audit-event.entity.js';
import { Connection } from './connection.entity.js';
import { DataTable } from './data-table.entity.js';
import { Environment } from './environment.entity.js';
import { Export } from './export.entity.js';
import { ExportMemberState, RunRejection } from './export-state.entity.js';
import { LoginThrottle } from './login-throttle.entity.js';
import { Membership } from './membership.entity.js';
import { Run, RunChunk, RunInterruption, RunTask } from './run.entity.js';
import { Segment, SegmentMember } from './segment.entity.js';
import { Session } from './session.entity.js';
import { RefreshProcess, SystemRefreshRun, SystemRefreshSettings } from './system-refresh.entity.js';
import { User } from './user.entity.js';

export const ENTITIES = [
  Environment,
  User,
  Membership,
  Session,
  LoginThrottle,
  ApiKey,
  DataTable,
  Segment,
  SegmentMember,
  Connection,
  Export,
  Run,
  RunTask,
  RunChunk,
  RunInterruption,
  SystemRefreshSettings,
  SystemRefreshRun,
  RefreshProcess,
  AuditEvent,
  ExportMemberState,
  RunRejection,
  AlertChannel,
  AlertPreference,
  Alert,
  AlertDelivery,
];
