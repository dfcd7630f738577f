import { describe, it, expect } from 'vitest';
import * as core from './index.js';

describe('public API', () => {
  it('exposes the names the API and the console code against', () => {
    const expected = [
      'ENVIRONMENT_KINDS',
      'SEGMENT_TYPES',
      'WELL_KNOWN_TABLES',
      'segmentTypeForTable',
      'baseTableForSegmentType',
      'SEGMENT_TYPE_LABELS',
      'ROLES',
      'COLUMN_TYPES',
      'validateTableDefinition',
      'parseCell',
      'RULE_OPERATORS',
      'OPERATORS_BY_TYPE',
      'validateRule',
      'normalizeRule',
      'evaluateRule',
      'describeRule',
      'ruleFields',
      'checkEligibility',
      'checkSegmentLimits',
      'checkExportLimits',
      'can',
      'canUseConnection',
      'connectionAccess',
      'exportPermission',
      'WEEKDAYS',
      'validateSchedule',
      'nextOccurrences',
      'zonedTimeToUtc',
      'utcToZoned',
      'isValidTimeZone',
      'describeSchedule',
      'DEFAULT_SYSTEM_REFRESH',
      'systemRefreshToSchedule',
      'RUN_STATUSES',
      'RUN_STATUS_LABELS',
      'TASK_STATUSES',
      'RUN_TRIGGERS',
      'isTerminalRunStatus',
      'canTransitionRun',
      'assertRunTransition',
      'summarizeRunStatus',
      'REFRESH_STATUSES',
      'clampLimit',
    ];
    expect(expected.filter((name) => !(name in core))).toEqual([]);
  });
});
