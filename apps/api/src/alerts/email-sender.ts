import { rootCertificates } from 'node:tls';
import { connectGuardedSocket, findOutboundRefusal } from '@outport/connector-sdk';
import nodemailer from 'nodemailer';
import type { EmailChannelSettings } from '../database/entities/index.js';
import type { EmailMessage } from './alert-message.js';
import { DeliveryError } from './delivery-error.js';

const CONNECT_TIMEOUT_MS = 20_000;

/**
 * Sends one alert email through the channel's SMTP server. The socket is opened by the SDK's
 * outbound-address policy (nodemailer's `getSocket` hands it over), so an SMTP host on a private
 * address is refused like any connection's target; TLS is then negotiated by nodemailer on that
 * socket (implicit TLS, or STARTTLS, required unless the channel says `none`) with certificate checks on.
 * Resolves with the number of recipients the server refused (when it accepted the others).
 */
export async function sendEmail(settings: EmailChannelSettings, password: string | null, to: string[], message: EmailMessage): Promise<{ refused: number }> {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    auth: settings.username ? { user: settings.username, pass: password ?? '' } : undefined,
    tls: {
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
      // A private authority is trusted besides the public ones, not instead of them.
      ...(settings.caCertificate ? { ca: [...rootCertificates, settings.caCertificate] } : {}),
    },
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: 20_000,
    socketTimeout: 60_000,
    disableFileAccess: true,
    disableUrlAccess: true,
    getSocket: (_options, callback) => {
      connectGuardedSocket({ host: settings.host, port: settings.port, timeoutMs: CONNECT_TIMEOUT_MS }).then(
        (socket) => callback(null, { connection: socket }),
        (error: Error) => callback(error),
      );
    },
  });
  try {
    const info = await transport.sendMail({ from: settings.from, to, subject: message.subject, text: message.text, html: message.html });
    return { refused: info.rejected.length };
  } catch (error) {
    throw smtpFailure(error, settings);
  } finally {
    transport.close();
  }
}

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  permanent?: boolean;
  response?: string;
}

/** An SMTP failure worded for the delivery record: never the password, and retried only where it may help. */
export function smtpFailure(error: unknown, settings: Pick<EmailChannelSettings, 'host' | 'port'>): DeliveryError {
  const refusal = findOutboundRefusal(error);
  if (refusal) return new DeliveryError(`The SMTP server was not contacted: ${refusal.message}`, false);
  const e = (error instanceof Error ? error : new Error(String(error))) as SmtpError;
  const where = `${settings.host}:${settings.port}`;
  if (e.code === 'EAUTH') return new DeliveryError(`The SMTP server ${where} refused the username or password${e.responseCode ? ` (${e.responseCode})` : ''}.`, false);
  if (e.code === 'ETLS' || (e.responseCode === undefined && /certificate|self[- ]signed|TLS/i.test(e.message))) {
    return new DeliveryError(`The TLS connection to the SMTP server ${where} failed: ${firstLine(e.message)}`, false);
  }
  if (e.responseCode !== undefined) {
    return new DeliveryError(`The SMTP server ${where} answered ${firstLine(e.response ?? e.message)}`, e.permanent !== true);
  }
  return new DeliveryError(`Could not reach the SMTP server ${where} (${e.code ?? e.name}).`, true);
}

const firstLine = (text: string): string => text.split('\n')[0]!.slice(0, 300);
