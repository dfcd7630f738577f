import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { AlertChannelKind, AlertEvent } from '@outport/core';
import type { AlertFacts } from '../../alerts/alert-facts.js';
import { Environment } from './environment.entity.js';
import { User } from './user.entity.js';

// Kinds and statuses are plain strings here, not enums: SQLite enforces an enum with a CHECK list,
// and adding a value later would mean rebuilding the table.

/** How a channel reaches an SMTP server, and who it writes to. The password is sealed with the secrets. */
export interface EmailChannelSettings {
  host: string;
  port: number;
  /** `tls`: TLS from the first byte (usually port 465); `starttls`: upgrade required; `none`: plain text, trusted networks only. */
  security: 'tls' | 'starttls' | 'none';
  username: string | null;
  from: string;
  /** Addresses configured on the channel. */
  recipients: string[];
  /** Also write to every admin of the environment (who did not opt out). */
  notifyAdmins: boolean;
  /** A PEM certificate authority to trust besides the system's (a private mail relay). */
  caCertificate: string | null;
}

export interface WebhookChannelSettings {
  url: string;
}

export type AlertChannelSettings = EmailChannelSettings | WebhookChannelSettings;

/** Where an environment's alerts go: an SMTP server and its recipients, or a webhook URL. */
export const AlertChannel = defineEntity({
  name: 'AlertChannel',
  tableName: 'alert_channel',
  uniques: [{ properties: ['environment', 'name'] }],
  properties: {
    id: p.string().length(36).primary(),
    environment: () => p.manyToOne(Environment).mapToPk().deleteRule('cascade'),
    kind: p.string().length(20).$type<AlertChannelKind>(),
    name: p.string().length(200),
    settings: p.json<AlertChannelSettings>(),
    /** SMTP password, webhook signing secret: sealed like connection secrets (AES-256-GCM). */
    secretsCiphertext: p.text().nullable().hidden(),
    secretKeys: p.json<string[]>(),
    events: p.json<AlertEvent[]>(),
    enabled: p.boolean().default(true),
    createdBy: p.string().length(36).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type IAlertChannel = InferEntity<typeof AlertChannel>;

/** A user's alert choices in one environment: the events they do not want email about. */
export const AlertPreference = defineEntity({
  name: 'AlertPreference',
  tableName: 'alert_preference',
  uniques: [{ properties: ['user', 'environment'] }],
  properties: {
    id: p.string().length(36).primary(),
    user: () => p.manyToOne(User).mapToPk().deleteRule('cascade'),
    environment: () => p.manyToOne(Environment).mapToPk().deleteRule('cascade').index(),
    optedOut: p.json<AlertEvent[]>(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type IAlertPreference = InferEntity<typeof AlertPreference>;

/**
 * One alert raised: what happened, in the words every channel sends. `dedupeKey` is unique, so the
 * same happening raised twice (two processes, a repeated event) is stored and delivered once.
 */
export const Alert = defineEntity({
  name: 'Alert',
  tableName: 'alert',
  indexes: [{ properties: ['event', 'subjectId', 'createdAt'] }],
  properties: {
    id: p.string().length(36).primary(),
    environment: () => p.manyToOne(Environment).mapToPk().deleteRule('cascade').index(),
    event: p.string().length(64).$type<AlertEvent>(),
    /** The run, refresh or connection it is about. */
    subjectId: p.string().length(36),
    dedupeKey: p.string().length(200).unique(),
    facts: p.json<AlertFacts>(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IAlert = InferEntity<typeof Alert>;

export const ALERT_DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'skipped'] as const;
export type AlertDeliveryStatus = (typeof ALERT_DELIVERY_STATUSES)[number];

/** One alert to one channel: attempted as queue jobs until delivered, or failed after the retry budget. */
export const AlertDelivery = defineEntity({
  name: 'AlertDelivery',
  tableName: 'alert_delivery',
  uniques: [{ properties: ['alert', 'channel'] }],
  indexes: [{ properties: ['channel', 'createdAt'] }],
  properties: {
    id: p.string().length(36).primary(),
    alert: () => p.manyToOne(Alert).mapToPk().deleteRule('cascade'),
    channel: () => p.manyToOne(AlertChannel).mapToPk().deleteRule('cascade'),
    status: p.string().length(20).$type<AlertDeliveryStatus>(),
    attempts: p.integer().default(0),
    /** Why the last attempt failed, or why nothing was sent (every recipient opted out). */
    lastError: p.text().nullable(),
    nextAttemptAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    finishedAt: p.datetime().nullable(),
  },
});
export type IAlertDelivery = InferEntity<typeof AlertDelivery>;
