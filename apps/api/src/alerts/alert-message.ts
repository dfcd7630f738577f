import { createHmac } from 'node:crypto';
import { RUN_STATUS_LABELS, type RunStatus } from '@outport/core';
import type { AlertFacts } from './alert-facts.js';

/** The webhook body: the alert's facts with its id. Receivers de-duplicate by `id` (and the delivery header). */
export function webhookBody(alertId: string, facts: AlertFacts): string {
  return JSON.stringify({ id: alertId, ...facts });
}

export const SIGNATURE_HEADER = 'X-Outport-Signature';
export const TIMESTAMP_HEADER = 'X-Outport-Timestamp';

/**
 * `sha256=` and the hex HMAC-SHA256, keyed with the channel's signing secret, of
 * `<timestamp>.<raw body>`: the timestamp (Unix seconds, sent in X-Outport-Timestamp) is signed
 * with the body, so a receiver that refuses old timestamps cannot be fed a recorded delivery again.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

const statusLabel = (status: string): string => RUN_STATUS_LABELS[status as RunStatus] ?? status;

/** The facts as lines of "label: value", in the order people read them. */
function factLines(facts: AlertFacts): [string, string][] {
  const lines: [string, string][] = [['Environment', `${facts.environment.name} (${facts.environment.slug})`]];
  if (facts.export) lines.push(['Export', facts.export.name]);
  if (facts.connection) lines.push(['Connection', `${facts.connection.name} (${facts.connection.connector})`]);
  if (facts.failure) lines.push(['Status', statusLabel(facts.failure.status)]);
  if (facts.failure?.error) lines.push(['Error', facts.failure.error]);
  const run = facts.run;
  if (run) {
    lines.push(['Run', `${run.id} (trigger: ${run.trigger}, attempt ${run.attempt})`]);
    if (run.startedAt) lines.push(['Started', run.startedAt]);
    if (run.finishedAt) lines.push(['Finished', run.finishedAt]);
    lines.push(['Records', `${run.counts.sent} sent, ${run.counts.accepted} accepted, ${run.counts.rejected} rejected, ${run.counts.skipped} skipped`]);
    for (const item of run.items) {
      const rejected = item.rejected ? ` (${item.rejected} rejected)` : '';
      lines.push([item.name, `${statusLabel(item.status)}${rejected}${item.error ? `: ${item.error}` : ''}`]);
    }
  }
  const refresh = facts.refresh;
  if (refresh) {
    lines.push(['Refresh', `${refresh.id} (trigger: ${refresh.trigger})`]);
    if (refresh.startedAt) lines.push(['Started', refresh.startedAt]);
    if (refresh.finishedAt) lines.push(['Finished', refresh.finishedAt]);
    for (const proc of refresh.processes) lines.push([`${proc.kind === 'segment' ? 'Segment' : 'Export'} ${proc.name}`, `${statusLabel(proc.status)}${proc.detail ? `: ${proc.detail}` : ''}`]);
  }
  lines.push(['When', facts.occurredAt]);
  return lines;
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Subject, plain text and a simple HTML part with the same facts and the link. */
export function renderEmail(facts: AlertFacts, channelName: string): EmailMessage {
  const lines = factLines(facts);
  const footer =
    `Sent by the alert channel "${channelName}" of ${facts.environment.name}. ` +
    'Admins can change which events it sends; each user can opt out of alert emails in their alert preferences.';
  const text = [facts.summary, '', ...lines.map(([label, value]) => `${label}: ${value}`), '', `Open in Outport: ${facts.links.console}`, '', footer, ''].join('\n');
  const rows = lines.map(([label, value]) => `<tr><th align="left" valign="top">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join('');
  const html = [
    '<!doctype html><html><body style="font-family: sans-serif">',
    `<p>${escapeHtml(facts.summary)}</p>`,
    `<table cellpadding="4">${rows}</table>`,
    `<p><a href="${escapeHtml(facts.links.console)}">Open in Outport</a></p>`,
    `<p style="color: #666; font-size: small">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: `[Outport] ${facts.title}`, text, html };
}
