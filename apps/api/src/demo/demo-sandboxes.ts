import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { allowOutboundTarget } from '@outport/connector-sdk';
import type { DemoSandbox, StartDemoSandbox } from '@outport/connector-sdk/sandbox';
import { CONFIG } from '../config/config.module.js';
import type { Config } from '../config/config.js';
import { ConnectorRegistry } from '../connectors/connector-registry.js';
import { Database } from '../database/database.js';
import { Connection } from '../database/entities/index.js';

/** What the data folder keeps of each sandbox between restarts. */
interface SavedSandbox {
  port: number;
  persist: Record<string, string>;
  /** The connection settings it answered last time: connections saved with them are the sandbox's. */
  settings: Record<string, unknown>;
}

export interface RunningSandbox {
  connectorId: string;
  sandbox: DemoSandbox;
}

/**
 * The connectors' sandboxes, started in-process for the demo when OUTPORT_DEMO_SANDBOXES=true (the
 * launcher's `npm start` sets it for the embedded default; production never does). Each installed
 * connector whose `./sandbox` entry exports `startDemoSandbox` gets one, on loopback. Exactly their
 * addresses are added to the outbound allow-list; private targets stay refused otherwise. Ports and
 * credentials are kept in the data folder, so the demo's connections stay valid across restarts.
 */
@Injectable()
export class DemoSandboxes implements OnApplicationShutdown {
  private readonly logger = new Logger('Sandboxes');
  private running: RunningSandbox[] = [];
  private readonly revokers: (() => void)[] = [];
  private readonly folder: string;
  private readonly stateFile: string;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly registry: ConnectorRegistry,
    private readonly db: Database,
  ) {
    this.folder = join(config.dataDir, 'demo-sandboxes');
    this.stateFile = join(this.folder, 'sandboxes.json');
  }

  get enabled(): boolean {
    return this.config.demoSandboxes;
  }

  list(): readonly RunningSandbox[] {
    return this.running;
  }

  get(connectorId: string): DemoSandbox | undefined {
    return this.running.find((r) => r.connectorId === connectorId)?.sandbox;
  }

  /** Starts every sandbox (once); does nothing unless the setting is on. */
  async start(): Promise<readonly RunningSandbox[]> {
    if (!this.enabled || this.running.length) return this.running;
    mkdirSync(this.folder, { recursive: true });
    const saved = this.readState();
    const next: Record<string, SavedSandbox> = {};
    for (const installed of this.registry.list()) {
      const id = installed.manifest.id;
      const entry = join(installed.packageDir, 'dist', 'sandbox', 'index.js');
      if (!existsSync(entry)) continue;
      let start: StartDemoSandbox | undefined;
      try {
        start = ((await import(pathToFileURL(entry).href)) as { startDemoSandbox?: StartDemoSandbox }).startDemoSandbox;
      } catch (error) {
        this.logger.warn(`${installed.manifest.name}: its sandbox could not be loaded (${(error as Error).message})`);
        continue;
      }
      if (typeof start !== 'function') continue;
      const before = saved[id];
      const dataDir = join(this.folder, id);
      mkdirSync(dataDir, { recursive: true });
      try {
        const sandbox = await start({ dataDir, ...(before ? { port: before.port, saved: before.persist } : {}) });
        // Exactly this host:port becomes reachable; nothing else private does.
        if (sandbox.address) this.revokers.push(allowOutboundTarget(`${sandbox.address.host}:${sandbox.address.port}`));
        this.running.push({ connectorId: id, sandbox });
        next[id] = { port: sandbox.address?.port ?? 0, persist: sandbox.persist, settings: sandbox.connection.settings };
        if (before && !sameSettings(before.settings, sandbox.connection.settings)) await this.repoint(id, before.settings, sandbox.connection.settings);
        this.logger.log(`${sandbox.name} ${sandbox.address ? `on ${sandbox.address.host}:${sandbox.address.port}` : 'ready'}`);
      } catch (error) {
        this.logger.warn(`${installed.manifest.name}: its sandbox did not start (${(error as Error).message})`);
      }
    }
    writeFileSync(this.stateFile, `${JSON.stringify({ ...saved, ...next }, null, 2)}\n`, { mode: 0o600 });
    return this.running;
  }

  async onApplicationShutdown(): Promise<void> {
    for (const revoke of this.revokers.splice(0)) revoke();
    const running = this.running;
    this.running = [];
    await Promise.allSettled(running.map((r) => r.sandbox.close()));
  }

  private readState(): Record<string, SavedSandbox> {
    if (!existsSync(this.stateFile)) return {};
    try {
      return JSON.parse(readFileSync(this.stateFile, 'utf8')) as Record<string, SavedSandbox>;
    } catch {
      this.logger.warn(`${this.stateFile} is not valid JSON; the sandboxes start afresh`);
      return {};
    }
  }

  /** The port the sandbox had is taken now: the connections saved against it follow it to the new one. */
  private async repoint(connectorId: string, from: Record<string, unknown>, to: Record<string, unknown>): Promise<void> {
    await this.db.run(async () => {
      const em = this.db.em;
      const connections = await em.find(Connection, { connectorId });
      let moved = 0;
      for (const connection of connections) {
        if (!Object.entries(from).every(([key, value]) => connection.settings[key] === value)) continue;
        connection.settings = { ...connection.settings, ...to };
        moved++;
      }
      await em.flush();
      if (moved) this.logger.log(`${moved} connection(s) to the ${connectorId} sandbox moved to its new address`);
    });
  }
}

function sameSettings(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => a[key] === b[key]);
}
