import { Injectable, Logger } from '@nestjs/common';
import { findOutboundRefusal, identityChangeOf, isConnectorError, type IdentityChange, type Values } from '@outport/connector-sdk';
import { ConnectorRegistry } from '../connectors/connector-registry.js';

export interface TestOutcome {
  ok: boolean;
  message: string;
  durationMs: number;
  /** What a passing test learned about the target, by setting (e.g. an SFTP server's host key on first use). */
  learned?: Values;
  /** The target proved another identity than the one the connection trusts. */
  identityChange?: IdentityChange;
  /** Set when the target refused the credentials (a connector error of kind `auth`). */
  credentialsRefused?: boolean;
}

const TEST_TIMEOUT_MS = 20_000;

/** Runs a connector's testConnection live, with a time limit, and words the outcome for people. */
@Injectable()
export class ConnectionTester {
  private readonly logger = new Logger('ConnectionTest');

  constructor(private readonly registry: ConnectorRegistry) {}

  async test(connectorId: string, settings: Values, secrets: Record<string, string>): Promise<TestOutcome> {
    const started = Date.now();
    const installed = this.registry.get(connectorId);
    if (!installed) return { ok: false, message: `The ${connectorId} connector is not installed.`, durationMs: 0 };
    const name = installed.manifest.name;
    try {
      const connector = await this.registry.load(connectorId);
      const result = await connector.testConnection({
        settings,
        secrets,
        signal: AbortSignal.timeout(TEST_TIMEOUT_MS),
        logger: { info: (m) => this.logger.log(m), warn: (m) => this.logger.warn(m) },
      });
      const learned = result?.learned && typeof result.learned === 'object' ? result.learned : undefined;
      return { ok: true, message: `${name} accepted the connection.`, durationMs: Date.now() - started, ...(learned ? { learned } : {}) };
    } catch (error) {
      const durationMs = Date.now() - started;
      // Refused by the outbound-address policy before any socket opened: nothing was asked of the
      // target, and the message must not read as if the port had answered.
      const refusal = findOutboundRefusal(error);
      if (refusal) return { ok: false, message: `${name} was not contacted: ${refusal.message}`, durationMs };
      const identityChange = identityChangeOf(error);
      if (identityChange) {
        return { ok: false, message: `${name} cannot be used until an admin accepts its new identity: ${(error as Error).message}`, durationMs, identityChange };
      }
      if (isConnectorError(error)) {
        // Connectors name their target in their own words ("Mailchimp refused the API key"); the
        // outcome adds the name only to a message that lacks it, so it is said once.
        if (error.message.includes(name)) return { ok: false, message: error.message, durationMs };
        const what =
          error.kind === 'auth' ? 'refused the credentials' : error.isRetryable ? 'could not be reached' : 'cannot be used with these settings';
        return { ok: false, message: `${name} ${what}: ${error.message}`, durationMs, ...(error.kind === 'auth' ? { credentialsRefused: true } : {}) };
      }
      if (error instanceof Error && error.name === 'TimeoutError') {
        return { ok: false, message: `${name} did not answer within ${TEST_TIMEOUT_MS / 1000} seconds.`, durationMs };
      }
      // Unexpected failures are logged by type only: their messages could carry settings.
      this.logger.error(`testConnection of ${connectorId} failed unexpectedly (${error instanceof Error ? error.name : typeof error})`);
      return { ok: false, message: `The ${name} connector failed unexpectedly while testing the connection.`, durationMs };
    }
  }
}
