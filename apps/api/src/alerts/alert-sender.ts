import { Inject, Injectable } from '@nestjs/common';
import type { AlertEvent } from '@outport/core';
import { SecretBox } from '../common/secret-box.js';
import { CONFIG } from '../config/config.module.js';
import type { Config } from '../config/config.js';
import { Database } from '../database/database.js';
import { AlertPreference, Membership, User, type EmailChannelSettings, type IAlertChannel, type WebhookChannelSettings } from '../database/entities/index.js';
import type { AlertFacts } from './alert-facts.js';
import { renderEmail, webhookBody } from './alert-message.js';
import { DeliveryError } from './delivery-error.js';
import { sendEmail } from './email-sender.js';
import { emailRecipients } from './recipients.js';
import { postWebhook } from './webhook-sender.js';

export type SendOutcome = { sent: true; note: string | null } | { sent: false; reason: string };

/**
 * Puts one alert on one channel, once: an email to the channel's recipients, or a signed POST to its
 * webhook. Failures throw a DeliveryError that says whether trying again may help; retrying is the
 * AlertDeliverer's business.
 */
@Injectable()
export class AlertSender {
  private readonly box: SecretBox;

  constructor(
    private readonly db: Database,
    @Inject(CONFIG) config: Config,
  ) {
    this.box = new SecretBox(config.secretKey);
  }

  secretsOf(channel: Pick<IAlertChannel, 'secretsCiphertext'>): Record<string, string> {
    return channel.secretsCiphertext ? this.box.open(channel.secretsCiphertext) : {};
  }

  seal(secrets: Record<string, string>): string | null {
    return Object.keys(secrets).length ? this.box.seal(secrets) : null;
  }

  async send(channel: IAlertChannel, alertId: string, facts: AlertFacts, deliveryId: string): Promise<SendOutcome> {
    const secrets = this.secretsOf(channel);
    if (channel.kind === 'webhook') {
      const settings = channel.settings as WebhookChannelSettings;
      if (!secrets.signingSecret) throw new DeliveryError('The webhook channel has no signing secret; set or regenerate one.', false);
      await postWebhook({ url: settings.url, secret: secrets.signingSecret, body: webhookBody(alertId, facts), event: facts.event, deliveryId });
      return { sent: true, note: null };
    }
    const settings = channel.settings as EmailChannelSettings;
    const to = await this.recipients(channel.environment, settings, facts.event);
    if (to.length === 0) return { sent: false, reason: 'No one to write to: every recipient opted out of this event.' };
    const { refused } = await sendEmail(settings, secrets.smtpPassword ?? null, to, renderEmail(facts, channel.name));
    return { sent: true, note: refused ? `The SMTP server refused ${refused} of ${to.length} recipient(s).` : null };
  }

  /** The channel's addresses and (if it says so) the admins, less whoever opted out; a test message goes to all of them. */
  private async recipients(environmentId: string, settings: EmailChannelSettings, event: AlertEvent | 'test'): Promise<string[]> {
    const em = this.db.em;
    const memberships = await em.find(Membership, { environment: environmentId });
    const users = new Map((await em.find(User, { id: { $in: memberships.map((m) => m.user) } })).map((u) => [u.id, u.email]));
    const preferences = new Map((await em.find(AlertPreference, { environment: environmentId })).map((p) => [p.user, p.optedOut]));
    const members = memberships
      .filter((m) => users.has(m.user))
      .map((m) => ({ email: users.get(m.user)!, role: m.role, optedOut: preferences.get(m.user) ?? [] }));
    return emailRecipients(settings, members, event === 'test' ? null : event);
  }
}
