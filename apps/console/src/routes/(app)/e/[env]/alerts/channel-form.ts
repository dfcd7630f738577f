// The alert channel form: the settings of each kind of channel, described like a connector's
// settings so the one settings form renders them, and the conversions to and from the API's shapes.
import type { AlertChannel, AlertChannelInput, AlertChannelUpdate, AlertDelivery } from '#lib/api.ts';
import type { BadgeTone } from '#lib/components/types.ts';
import { defaultValues, formValues, toFormValues, type ManifestSetting } from '#lib/manifest.ts';

export type ChannelKind = AlertChannel['kind'];
export type FormValues = Record<string, string | boolean>;

const setting = (s: Partial<ManifestSetting> & Pick<ManifestSetting, 'key' | 'label'>): ManifestSetting => ({
  type: 'string',
  required: false,
  secret: false,
  ...s,
});

/** A delivery's status in words, in the channel list and its recent deliveries. */
export const DELIVERY_STATUSES: Record<AlertDelivery['status'], { label: string; tone: BadgeTone }> = {
  pending: { label: 'Pending', tone: 'info' },
  delivered: { label: 'Delivered', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
  skipped: { label: 'Skipped', tone: 'neutral' },
};

export const CHANNEL_SETTINGS: Record<ChannelKind, ManifestSetting[]> = {
  webhook: [
    setting({
      key: 'url',
      label: 'Webhook URL',
      type: 'url',
      required: true,
      placeholder: 'https://hooks.example.com/outport',
      description:
        'Outport POSTs each alert here as JSON, signed with the channel’s signing secret (X-Outport-Signature).',
    }),
  ],
  email: [
    setting({ key: 'host', label: 'SMTP server', required: true, placeholder: 'smtp.example.com' }),
    setting({ key: 'port', label: 'Port', type: 'number', required: true, default: 587 }),
    setting({
      key: 'security',
      label: 'Security',
      type: 'select',
      required: true,
      default: 'starttls',
      options: [
        { value: 'starttls', label: 'STARTTLS (usually port 587)' },
        { value: 'tls', label: 'TLS from the start (usually port 465)' },
        { value: 'none', label: 'None: plain text, for trusted networks only' },
      ],
    }),
    setting({
      key: 'username',
      label: 'User name',
      description: 'Leave empty when the server needs no login.',
    }),
    setting({ key: 'smtpPassword', label: 'Password', secret: true }),
    setting({ key: 'from', label: 'Sender address', required: true, placeholder: 'outport@example.com' }),
    setting({
      key: 'recipients',
      label: 'Also write to',
      type: 'text',
      placeholder: 'data-team@example.com',
      description: 'Addresses besides the admins, one a line or separated by commas.',
    }),
    setting({
      key: 'notifyAdmins',
      label: 'Write to every admin of this environment (each can opt out of events on this page)',
      type: 'boolean',
      default: true,
    }),
  ],
};

/** The form's starting values: a new channel's defaults, or a channel's stored settings. */
export function channelValues(kind: ChannelKind, channel: AlertChannel | null): FormValues {
  const settings = CHANNEL_SETTINGS[kind];
  if (!channel) return defaultValues(settings);
  const stored =
    kind === 'email'
      ? { ...channel.email, recipients: (channel.email?.recipients ?? []).join('\n') }
      : { ...channel.webhook };
  return toFormValues(settings, stored);
}

function kindSettings(kind: ChannelKind, values: FormValues): Record<string, unknown> {
  const out = formValues(CHANNEL_SETTINGS[kind], values, false);
  if (kind === 'email') {
    const recipients =
      typeof out.recipients === 'string' ? out.recipients.split(/[\s,;]+/).filter(Boolean) : [];
    // Cleared fields are sent as null or empty, so an edit can remove what was set.
    return { ...out, recipients, username: out.username ?? null };
  }
  return out;
}

const secretsOf = (kind: ChannelKind, values: FormValues) =>
  formValues(CHANNEL_SETTINGS[kind], values, true) as Record<string, string>;

export function createRequest(
  name: string,
  kind: ChannelKind,
  enabled: boolean,
  events: AlertChannel['events'],
  values: FormValues,
): AlertChannelInput {
  const secrets = secretsOf(kind, values);
  return {
    name,
    kind,
    enabled,
    events,
    ...(kind === 'email'
      ? { email: kindSettings(kind, values) as AlertChannelInput['email'] }
      : { webhook: kindSettings(kind, values) as AlertChannelInput['webhook'] }),
    ...(Object.keys(secrets).length ? { secrets } : {}),
  };
}

export function updateRequest(
  channel: AlertChannel,
  name: string,
  enabled: boolean,
  events: AlertChannel['events'],
  values: FormValues,
  regenerateSigningSecret: boolean,
): AlertChannelUpdate {
  const secrets = secretsOf(channel.kind, values);
  return {
    name,
    enabled,
    events,
    ...(channel.kind === 'email'
      ? { email: kindSettings('email', values) }
      : { webhook: kindSettings('webhook', values) as AlertChannelUpdate['webhook'] }),
    ...(Object.keys(secrets).length ? { secrets } : {}),
    ...(regenerateSigningSecret ? { regenerateSigningSecret } : {}),
  };
}

/**
 * The API names fields by their place in the request (`email.host`, `secrets.smtpPassword`) and
 * starts its messages with that name; the form shows each message under its own field, starting
 * with the field's label instead ("Webhook URL must be an http or https URL…").
 */
export function formErrors(kind: ChannelKind, errors: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(errors)) {
    const key = field.replace(/^(email|webhook|secrets)\./, '');
    const label = CHANNEL_SETTINGS[kind].find((s) => s.key === key)?.label;
    (out[key] ??= []).push(
      ...messages.map((m) => (label && m.startsWith(`${field} `) ? `${label}${m.slice(field.length)}` : m)),
    );
  }
  return out;
}
