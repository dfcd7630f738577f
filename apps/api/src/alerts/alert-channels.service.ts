import { Inject, Injectable } from '@nestjs/common';
import { ALERT_EVENT_LABELS, DEFAULT_ALERT_EVENTS, type AlertEvent } from '@outport/core';
import { AuditService } from '../audit/audit.service.js';
import type { EnvironmentScope } from '../auth/principal.js';
import type { ListQuery } from '../common/dto.js';
import { newId, newToken } from '../common/ids.js';
import { listQuery, type ListSpec } from '../common/list-query.js';
import { Problem, type ProblemItem } from '../common/problem.js';
import { CONFIG } from '../config/config.module.js';
import type { Config } from '../config/config.js';
import { Database } from '../database/database.js';
import { Alert, AlertChannel, AlertDelivery, type EmailChannelSettings, type IAlertChannel, type IAlertDelivery, type WebhookChannelSettings } from '../database/entities/index.js';
import { consoleBase, consoleLinks, type AlertFacts } from './alert-facts.js';
import { AlertSender } from './alert-sender.js';
import type { AlertChannelDto, AlertChannelTestDto, AlertDeliveryDto, CreateAlertChannelRequest, SavedAlertChannelDto, UpdateAlertChannelRequest } from './alerts.dto.js';
import { DeliveryError } from './delivery-error.js';

export const ALERT_CHANNEL_LIST: ListSpec = { sortable: ['name', 'kind', 'enabled', 'createdAt', 'updatedAt'], search: ['name'], defaultSort: 'name' };
export const ALERT_DELIVERY_LIST: ListSpec = { sortable: ['createdAt', 'status', 'attempts', 'finishedAt'], search: ['lastError'], defaultSort: 'createdAt', defaultOrder: 'desc' };

/** Generated signing secrets: recognisable, 256 bits. */
const newSigningSecret = () => `whsec_${newToken()}`;

/** An environment's alert channels: validated, secrets sealed, every change audited (without secrets). */
@Injectable()
export class AlertChannelsService {
  private readonly base: string;

  constructor(
    private readonly db: Database,
    private readonly sender: AlertSender,
    private readonly audit: AuditService,
    @Inject(CONFIG) config: Config,
  ) {
    this.base = consoleBase(config.publicUrl, config.port);
  }

  async list(scope: EnvironmentScope, query: ListQuery): Promise<{ items: AlertChannelDto[]; total: number }> {
    const { where, options } = listQuery<IAlertChannel>(query, ALERT_CHANNEL_LIST, this.db.dialect);
    const [channels, total] = await this.db.em.findAndCount(AlertChannel, { environment: scope.environment.id, ...where }, options);
    return { items: await Promise.all(channels.map((c) => this.toDto(c))), total };
  }

  async get(scope: EnvironmentScope, id: string): Promise<IAlertChannel> {
    const channel = await this.db.em.findOne(AlertChannel, { id, environment: scope.environment.id });
    if (!channel) throw Problem.notFound('Alert channel', id);
    return channel;
  }

  async toDto(channel: IAlertChannel): Promise<AlertChannelDto> {
    const last = await this.db.em.findOne(AlertDelivery, { channel: channel.id, status: { $ne: 'pending' } }, { orderBy: { finishedAt: 'desc', id: 'asc' } });
    const settings = channel.settings;
    return {
      id: channel.id,
      name: channel.name,
      kind: channel.kind,
      enabled: channel.enabled,
      events: channel.events,
      ...(channel.kind === 'email' ? { email: { ...(settings as EmailChannelSettings) } } : { webhook: { url: (settings as WebhookChannelSettings).url } }),
      secretsSet: channel.secretKeys,
      lastDelivery: last ? { status: last.status, at: (last.finishedAt ?? last.createdAt).toISOString(), error: last.lastError ?? null } : null,
      createdAt: channel.createdAt.toISOString(),
      updatedAt: channel.updatedAt.toISOString(),
    };
  }

  async create(scope: EnvironmentScope, body: CreateAlertChannelRequest): Promise<SavedAlertChannelDto> {
    const name = body.name.trim();
    await this.assertNameFree(scope, name);
    const problems: ProblemItem[] = [];
    let settings: EmailChannelSettings | WebhookChannelSettings;
    const secrets: Record<string, string> = {};
    let generated: string | undefined;
    if (body.kind === 'email') {
      if (!body.email) problems.push({ field: 'email', message: 'an email channel needs its SMTP settings' });
      if (body.webhook) problems.push({ field: 'webhook', message: 'an email channel has no webhook' });
      if (body.secrets?.signingSecret) problems.push({ field: 'secrets.signingSecret', message: 'only webhook channels are signed' });
      if (problems.length) throw Problem.badRequest('The alert channel is not valid.', problems);
      const email = body.email!;
      settings = {
        host: email.host,
        port: email.port,
        security: email.security ?? 'starttls',
        username: email.username ?? null,
        from: email.from,
        recipients: email.recipients ?? [],
        notifyAdmins: email.notifyAdmins ?? true,
        caCertificate: email.caCertificate ?? null,
      };
      if (body.secrets?.smtpPassword) secrets.smtpPassword = body.secrets.smtpPassword;
    } else {
      if (!body.webhook) problems.push({ field: 'webhook', message: 'a webhook channel needs its URL' });
      if (body.email) problems.push({ field: 'email', message: 'a webhook channel has no SMTP settings' });
      if (body.secrets?.smtpPassword) problems.push({ field: 'secrets.smtpPassword', message: 'only email channels have an SMTP password' });
      if (problems.length) throw Problem.badRequest('The alert channel is not valid.', problems);
      settings = { url: body.webhook!.url };
      if (body.secrets?.signingSecret) secrets.signingSecret = body.secrets.signingSecret;
      else secrets.signingSecret = generated = newSigningSecret();
    }
    this.assertSomeoneToWrite(settings);
    const channel = this.db.em.create(AlertChannel, {
      id: newId(),
      environment: scope.environment.id,
      kind: body.kind,
      name,
      settings,
      secretsCiphertext: this.sender.seal(secrets),
      secretKeys: Object.keys(secrets).sort(),
      events: this.events(body.events) ?? [...DEFAULT_ALERT_EVENTS],
      enabled: body.enabled ?? true,
      createdBy: scope.actor.userId,
    });
    await this.db.em.flush();
    await this.audit.record(scope, 'alert-channel.created', 'alert-channel', channel.id, null, this.auditView(channel));
    return { ...(await this.toDto(channel)), ...(generated ? { signingSecret: generated } : {}) };
  }

  async update(scope: EnvironmentScope, channel: IAlertChannel, body: UpdateAlertChannelRequest): Promise<SavedAlertChannelDto> {
    const before = this.auditView(channel);
    const problems: ProblemItem[] = [];
    if (channel.kind === 'email' && body.webhook) problems.push({ field: 'webhook', message: 'an email channel has no webhook' });
    if (channel.kind === 'webhook' && body.email) problems.push({ field: 'email', message: 'a webhook channel has no SMTP settings' });
    if (channel.kind === 'email' && (body.secrets?.signingSecret || body.regenerateSigningSecret)) problems.push({ field: 'secrets.signingSecret', message: 'only webhook channels are signed' });
    if (channel.kind === 'webhook' && body.secrets?.smtpPassword) problems.push({ field: 'secrets.smtpPassword', message: 'only email channels have an SMTP password' });
    if (body.regenerateSigningSecret && body.secrets?.signingSecret) problems.push({ field: 'regenerateSigningSecret', message: 'either set a signing secret or regenerate one, not both' });
    if (problems.length) throw Problem.badRequest('The alert channel changes are not valid.', problems);

    if (body.name !== undefined && body.name.trim() !== channel.name) {
      await this.assertNameFree(scope, body.name.trim());
      channel.name = body.name.trim();
    }
    if (body.email) {
      const current = channel.settings as EmailChannelSettings;
      const changes = Object.fromEntries(Object.entries(body.email).filter(([, value]) => value !== undefined)) as Partial<EmailChannelSettings>;
      channel.settings = { ...current, ...changes };
    }
    if (body.webhook) channel.settings = { url: body.webhook.url };
    this.assertSomeoneToWrite(channel.settings);
    let generated: string | undefined;
    if (body.secrets || body.regenerateSigningSecret) {
      const secrets = { ...this.sender.secretsOf(channel), ...(body.secrets?.smtpPassword ? { smtpPassword: body.secrets.smtpPassword } : {}), ...(body.secrets?.signingSecret ? { signingSecret: body.secrets.signingSecret } : {}) };
      if (body.regenerateSigningSecret) secrets.signingSecret = generated = newSigningSecret();
      channel.secretsCiphertext = this.sender.seal(secrets);
      channel.secretKeys = Object.keys(secrets).sort();
    }
    if (body.events !== undefined) channel.events = this.events(body.events)!;
    if (body.enabled !== undefined) channel.enabled = body.enabled;
    await this.db.em.flush();
    await this.audit.record(scope, 'alert-channel.updated', 'alert-channel', channel.id, before, this.auditView(channel));
    return { ...(await this.toDto(channel)), ...(generated ? { signingSecret: generated } : {}) };
  }

  async remove(scope: EnvironmentScope, channel: IAlertChannel): Promise<void> {
    const before = this.auditView(channel);
    await this.db.em.nativeDelete(AlertChannel, { id: channel.id });
    await this.audit.record(scope, 'alert-channel.removed', 'alert-channel', channel.id, before, null);
  }

  /** Sends a test message now (enabled or not), and says how it went. Not recorded as a delivery. */
  async test(scope: EnvironmentScope, channel: IAlertChannel): Promise<AlertChannelTestDto> {
    const started = Date.now();
    const facts: AlertFacts = {
      event: 'test',
      occurredAt: new Date().toISOString(),
      title: `Test message from the alert channel "${channel.name}"`,
      summary: `This is a test of the alert channel "${channel.name}" of ${scope.environment.name}. It sends: ${channel.events.map((e) => ALERT_EVENT_LABELS[e].toLowerCase()).join('; ')}.`,
      environment: { slug: scope.environment.slug, name: scope.environment.name },
      export: null,
      connection: null,
      run: null,
      refresh: null,
      failure: null,
      links: { console: consoleLinks.exports(this.base, scope.environment.slug), api: null },
    };
    try {
      const outcome = await this.sender.send(channel, `test-${newId()}`, facts, `test-${newId()}`);
      return { ok: outcome.sent, message: outcome.sent ? `The test message was sent.${outcome.note ? ` ${outcome.note}` : ''}` : outcome.reason, durationMs: Date.now() - started };
    } catch (error) {
      const message = error instanceof DeliveryError ? error.message : 'The test message could not be sent; see the server log.';
      return { ok: false, message, durationMs: Date.now() - started };
    }
  }

  async deliveries(channel: IAlertChannel, query: ListQuery): Promise<{ items: AlertDeliveryDto[]; total: number }> {
    const { where, options } = listQuery<IAlertDelivery>(query, ALERT_DELIVERY_LIST, this.db.dialect);
    const [rows, total] = await this.db.em.findAndCount(AlertDelivery, { channel: channel.id, ...where }, options);
    const alerts = new Map((await this.db.em.find(Alert, { id: { $in: [...new Set(rows.map((d) => d.alert))] } })).map((a) => [a.id, a]));
    const items = rows.map((d) => {
      const alert = alerts.get(d.alert)!;
      return {
        id: d.id,
        alertId: d.alert,
        event: alert.event,
        title: alert.facts.title,
        status: d.status,
        attempts: d.attempts,
        lastError: d.lastError ?? null,
        createdAt: d.createdAt.toISOString(),
        nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
        finishedAt: d.finishedAt?.toISOString() ?? null,
      };
    });
    return { items, total };
  }

  private events(events: AlertEvent[] | undefined): AlertEvent[] | undefined {
    return events ? [...new Set(events)] : undefined;
  }

  private assertSomeoneToWrite(settings: EmailChannelSettings | WebhookChannelSettings): void {
    if ('recipients' in settings && settings.recipients.length === 0 && !settings.notifyAdmins) {
      throw Problem.badRequest('The email channel has no one to write to: add recipients or notify the admins.', [{ field: 'email.recipients', message: 'no recipients, and notifyAdmins is false' }]);
    }
  }

  private async assertNameFree(scope: EnvironmentScope, name: string): Promise<void> {
    if (await this.db.em.count(AlertChannel, { environment: scope.environment.id, name })) throw Problem.conflict(`An alert channel named "${name}" already exists.`);
  }

  private auditView(channel: IAlertChannel): Record<string, unknown> {
    return { name: channel.name, kind: channel.kind, enabled: channel.enabled, events: channel.events, settings: channel.settings, secretsSet: channel.secretKeys };
  }
}
