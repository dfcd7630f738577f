import { describe, expect, it } from 'vitest';
import { ALERT_EVENT_LABELS, ALERT_EVENTS, DEFAULT_ALERT_EVENTS, isAlertEvent, runAlertEvent } from './alerts.js';

describe('alert events', () => {
  it('raises an alert for runs that failed for good or succeeded with warnings, never for dry runs', () => {
    expect(runAlertEvent({ status: 'failed', dryRun: false })).toBe('run.failed');
    expect(runAlertEvent({ status: 'succeeded_with_warnings', dryRun: false })).toBe('run.succeeded_with_warnings');
    expect(runAlertEvent({ status: 'failed_retrying', dryRun: false })).toBeNull();
    for (const status of ['succeeded', 'skipped', 'cancelled'] as const) expect(runAlertEvent({ status, dryRun: false })).toBeNull();
    expect(runAlertEvent({ status: 'failed', dryRun: true })).toBeNull();
  });

  it('sends failures by default and leaves warnings to channels that ask', () => {
    expect(DEFAULT_ALERT_EVENTS).not.toContain('run.succeeded_with_warnings');
    expect([...DEFAULT_ALERT_EVENTS, 'run.succeeded_with_warnings'].sort()).toEqual([...ALERT_EVENTS].sort());
    expect(Object.keys(ALERT_EVENT_LABELS).sort()).toEqual([...ALERT_EVENTS].sort());
  });

  it('recognises event names', () => {
    expect(isAlertEvent('run.failed')).toBe(true);
    expect(isAlertEvent('run.succeeded')).toBe(false);
    expect(isAlertEvent(3)).toBe(false);
  });
});
