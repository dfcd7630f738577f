import { startKlaviyoSandbox } from './index.js';

/**
 * The demo's contract (a host's OUTPORT_DEMO_SANDBOXES demo imports `startDemoSandbox` from each
 * connector's `./sandbox` entry), declared here by shape so the sandbox needs nothing of the host.
 */
export interface DemoSandboxOptions {
  /** The port it had last time; this sandbox takes a free one, and the host follows it. */
  port?: number;
  /** What `persist` returned last time. */
  saved?: Readonly<Record<string, string>>;
  dataDir: string;
}

export interface DemoSandbox {
  name: string;
  address: { host: string; port: number } | null;
  connection: { settings: Record<string, unknown>; secrets: Record<string, string> };
  exportOptions: Record<string, unknown>;
  persist: Record<string, string>;
  close(): Promise<void>;
}

/**
 * Klaviyo's sandbox for the demo: the same private key across restarts (kept in `persist`), and
 * import jobs that take a few seconds, as Klaviyo's do, so a run's progress can be watched.
 */
export async function startDemoSandbox(options: DemoSandboxOptions): Promise<DemoSandbox> {
  const sandbox = await startKlaviyoSandbox({ ...(options.saved?.apiKey ? { apiKey: options.saved.apiKey } : {}), jobQueuedMs: 1_000, jobProcessingMs: 2_000 });
  return {
    name: 'Klaviyo (sandbox)',
    address: { host: '127.0.0.1', port: sandbox.server.port },
    connection: { settings: { apiBaseUrl: sandbox.url }, secrets: { apiKey: sandbox.apiKey } },
    exportOptions: { listPrefix: 'Outport: ' },
    persist: { apiKey: sandbox.apiKey },
    close: () => sandbox.close(),
  };
}
