import { Inject, Injectable } from '@nestjs/common';
import { validateSettings, withLearnedSettings, type SettingValue } from '@outport/connector-sdk';
import { canUseConnection, connectionAccess, type ConnectionSharing } from '@outport/core';
import { AuditService } from '../audit/audit.service.js';
import type { EnvironmentScope } from '../auth/principal.js';
import type { ListQuery } from '../common/dto.js';
import { newId } from '../common/ids.js';
import { listQuery, type ListSpec } from '../common/list-query.js';
import { Problem, type ProblemItem } from '../common/problem.js';
import { SecretBox } from '../common/secret-box.js';
import { CONFIG } from '../config/config.module.js';
import type { Config } from '../config/config.js';
import { ConnectorRegistry } from '../connectors/connector-registry.js';
import { Database } from '../database/database.js';
import { Connection, Export, Membership, type IConnection } from '../database/entities/index.js';
import { ConnectionTester, type TestOutcome } from './connection-tester.js';
import { CredentialEvents } from './credential-events.js';
import type { ConnectionDto, ConnectionSharingDto, ConnectionTestDto, CreateConnectionRequest, UpdateConnectionRequest } from './connections.dto.js';

const ADMINS_ONLY: ConnectionSharing = { mode: 'admins' };

export const CONNECTION_LIST: ListSpec = { sortable: ['name', 'connectorId', 'createdAt', 'updatedAt'], search: ['name', 'connectorId'], defaultSort: 'name' };

/** Connections: validated against the connector's manifest, tested live, secrets sealed at rest. */
@Injectable()
export class ConnectionsService {
  private readonly box: SecretBox;

  constructor(
    private readonly db: Database,
    private readonly registry: ConnectorRegistry,
    private readonly tester: ConnectionTester,
    private readonly audit: AuditService,
    private readonly credentialEvents: CredentialEvents,
    @Inject(CONFIG) config: Config,
  ) {
    this.box = new SecretBox(config.secretKey);
  }

  async list(scope: EnvironmentScope, query: ListQuery): Promise<{ items: ConnectionDto[]; total: number }> {
    const { where, options } = listQuery<IConnection>(query, CONNECTION_LIST, this.db.dialect);
    const [connections, total] = await this.db.em.findAndCount(Connection, { environment: scope.environment.id, ...where }, options);
    return { items: connections.map((c) => this.toDto(scope, c)), total };
  }

  async get(scope: EnvironmentScope, id: string): Promise<IConnection> {
    const connection = await this.db.em.findOne(Connection, { id, environment: scope.environment.id });
    if (!connection) throw Problem.notFound('Connection', id);
    return connection;
  }

  toDto(scope: EnvironmentScope, connection: IConnection): ConnectionDto {
    const installed = this.registry.get(connection.connectorId);
    const access = connectionAccess(scope.actor, connection.sharing);
    const base: ConnectionDto = {
      id: connection.id,
      name: connection.name,
      connectorId: connection.connectorId,
      connectorName: installed?.manifest.name ?? null,
      available: Boolean(installed),
      canUse: Boolean(installed) && canUseConnection(scope.actor, connection.sharing),
    };
    if (!access.seeSettings) return base;
    return {
      ...base,
      settings: connection.settings,
      secretsSet: connection.secretKeys,
      sharing: connection.sharing.mode === 'users' ? { mode: 'users', userIds: connection.sharing.userIds } : { mode: connection.sharing.mode },
      createdAt: connection.createdAt.toISOString(),
      updatedAt: connection.updatedAt.toISOString(),
    };
  }

  async create(scope: EnvironmentScope, body: CreateConnectionRequest): Promise<IConnection> {
    const { settings, secrets } = this.validate(body.connectorId, body.settings, body.secrets, false);
    const sharing = await this.sharing(scope, body.sharing);
    await this.assertNameFree(scope, body.name.trim());
    const outcome = await this.tester.test(body.connectorId, settings, secrets);
    await this.mustPass(outcome);
    const connection = this.db.em.create(Connection, {
      id: newId(),
      environment: scope.environment.id,
      connectorId: body.connectorId,
      name: body.name.trim(),
      settings: this.withLearned(body.connectorId, settings, outcome).settings,
      secretsCiphertext: Object.keys(secrets).length ? this.box.seal(secrets) : null,
      secretKeys: Object.keys(secrets).sort(),
      sharing,
      createdBy: scope.actor.userId,
    });
    await this.db.em.flush();
    await this.audit.record(scope, 'connection.created', 'connection', connection.id, null, this.auditView(connection));
    return connection;
  }

  async update(scope: EnvironmentScope, connection: IConnection, body: UpdateConnectionRequest): Promise<IConnection> {
    const before = this.auditView(connection);
    if (body.name !== undefined && body.name.trim() !== connection.name) {
      await this.assertNameFree(scope, body.name.trim());
      connection.name = body.name.trim();
    }
    if (body.settings !== undefined || body.secrets !== undefined) {
      const merged = { ...connection.settings, ...(body.settings ?? {}) };
      const currentSecrets = this.secretsOf(connection);
      const mergedSecrets = { ...currentSecrets, ...(body.secrets ?? {}) };
      const { settings, secrets } = this.validate(connection.connectorId, merged, mergedSecrets, false);
      const outcome = await this.tester.test(connection.connectorId, settings, secrets);
      await this.mustPass(outcome);
      connection.settings = this.withLearned(connection.connectorId, settings, outcome).settings;
      connection.secretsCiphertext = Object.keys(secrets).length ? this.box.seal(secrets) : null;
      connection.secretKeys = Object.keys(secrets).sort();
    }
    // Changing who may use it never breaks existing exports: they keep their connection.
    if (body.sharing !== undefined) connection.sharing = await this.sharing(scope, body.sharing);
    await this.db.em.flush();
    await this.audit.record(scope, 'connection.updated', 'connection', connection.id, before, this.auditView(connection));
    return connection;
  }

  /**
   * Tests the saved connection. What a passing test learned (e.g. an SFTP server's host key, for a
   * connection saved before keys were recorded) is kept with the settings, as when saving; a target
   * whose identity changed is reported with the new value, which an admin accepts by saving it as
   * that setting (PATCH). A refusal of the credentials is reported too (alerts tell the admins).
   */
  async test(scope: EnvironmentScope, connection: IConnection): Promise<ConnectionTestDto> {
    const outcome = await this.tester.test(connection.connectorId, connection.settings as Record<string, string>, this.secretsOf(connection));
    if (outcome.credentialsRefused) await this.credentialEvents.refused({ connectionId: connection.id, message: outcome.message, seenIn: 'connection-test' });
    const { settings, recorded } = this.withLearned(connection.connectorId, connection.settings as Record<string, SettingValue>, outcome);
    if (Object.keys(recorded).length) {
      const before = this.auditView(connection);
      connection.settings = settings;
      await this.db.em.flush();
      await this.audit.record(scope, 'connection.updated', 'connection', connection.id, before, this.auditView(connection));
    }
    return {
      ok: outcome.ok,
      message: outcome.message,
      durationMs: outcome.durationMs,
      ...(Object.keys(recorded).length ? { recorded } : {}),
      ...(outcome.identityChange ? { identityChange: this.identityChangeDto(connection.connectorId, outcome.identityChange) } : {}),
    };
  }

  async remove(scope: EnvironmentScope, connection: IConnection): Promise<void> {
    const users = await this.db.em.find(Export, { connection: connection.id }, { orderBy: { name: 'asc' }, fields: ['id', 'name'] });
    if (users.length > 0) {
      throw Problem.conflict(
        `${users.length} export(s) use this connection: ${users.map((e) => e.name).join(', ')}. Detach or remove them first.`,
        { exports: users.map((e) => ({ id: e.id, name: e.name })) },
      );
    }
    const before = this.auditView(connection);
    await this.db.em.nativeDelete(Connection, { id: connection.id });
    await this.audit.record(scope, 'connection.removed', 'connection', connection.id, before, null);
  }

  /** Decrypted secrets, for the run engine and connection tests only. */
  secretsOf(connection: IConnection): Record<string, string> {
    return connection.secretsCiphertext ? this.box.open(connection.secretsCiphertext) : {};
  }

  private validate(connectorId: string, rawSettings: Record<string, unknown>, rawSecrets: Record<string, unknown>, partial: boolean) {
    const installed = this.registry.get(connectorId);
    if (!installed) throw Problem.badRequest(`There is no installed connector "${connectorId}".`, [{ field: 'connectorId', message: 'unknown connector' }]);
    const declared = installed.manifest.connection.settings;
    const settings = validateSettings(declared, rawSettings, { partial });
    // Secrets' conditions read the settings (the data lake's account key only for Azure).
    const secrets = validateSettings(declared, rawSecrets, { secrets: true, partial, context: rawSettings });
    const problems: ProblemItem[] = [...(settings.ok ? [] : settings.problems), ...(secrets.ok ? [] : secrets.problems)];
    if (problems.length || !settings.ok || !secrets.ok) {
      throw Problem.badRequest(`The ${installed.manifest.name} connection settings are not valid.`, problems);
    }
    return { settings: settings.values as Record<string, string>, secrets: Object.fromEntries(Object.entries(secrets.values).map(([k, v]) => [k, String(v)])) };
  }

  private async mustPass(outcome: TestOutcome): Promise<void> {
    if (!outcome.ok) {
      const identityChange = outcome.identityChange ? { identityChange: outcome.identityChange } : {};
      throw new Problem(422, 'connection-test-failed', 'Connection test failed', `${outcome.message} Nothing was saved.`, identityChange);
    }
    return Promise.resolve();
  }

  /** The settings with what a passing test learned filled in where they are empty (never replacing a value). */
  private withLearned(connectorId: string, settings: Record<string, SettingValue>, outcome: TestOutcome) {
    const declared = this.registry.get(connectorId)?.manifest.connection.settings ?? [];
    return outcome.ok ? withLearnedSettings(declared, settings, outcome.learned) : { settings, recorded: {} };
  }

  private identityChangeDto(connectorId: string, change: NonNullable<TestOutcome['identityChange']>) {
    const label = this.registry.get(connectorId)?.manifest.connection.settings.find((s) => s.key === change.setting)?.label ?? change.setting;
    return { ...change, label };
  }

  private async sharing(scope: EnvironmentScope, dto: ConnectionSharingDto | undefined): Promise<ConnectionSharing> {
    if (!dto) return ADMINS_ONLY;
    if (dto.mode !== 'users') return { mode: dto.mode };
    const userIds = [...new Set(dto.userIds ?? [])];
    const members = await this.db.em.find(Membership, { environment: scope.environment.id, user: { $in: userIds } });
    const known = new Set(members.map((m) => m.user));
    const unknown = userIds.filter((id) => !known.has(id));
    if (unknown.length) throw Problem.badRequest('Connections can be shared only with users of this environment.', unknown.map((id) => ({ field: 'sharing.userIds', message: `no user ${id} here` })));
    return { mode: 'users', userIds };
  }

  private async assertNameFree(scope: EnvironmentScope, name: string): Promise<void> {
    if (await this.db.em.count(Connection, { environment: scope.environment.id, name })) {
      throw Problem.conflict(`A connection named "${name}" already exists.`);
    }
  }

  private auditView(connection: IConnection): Record<string, unknown> {
    return { name: connection.name, connectorId: connection.connectorId, settings: connection.settings, secretsSet: connection.secretKeys, sharing: connection.sharing };
  }
}
