/**
 * The contract between a connector's sandbox and a host's demo. A host that runs a demo (Outport's
 * embedded default with OUTPORT_DEMO_SANDBOXES=true) imports each installed connector's `./sandbox`
 * entry and, when it exports `startDemoSandbox`, starts it in-process and saves connections that
 * reach it. The host keeps what `persist` returns (credentials) and the port between restarts and
 * hands them back, so the connections it saved stay valid.
 */

export interface DemoSandboxOptions {
  /** The port the sandbox listened on last time; absent or 0 picks a free one. */
  port?: number;
  /** What `persist` held last time: reuse these credentials. */
  saved?: Readonly<Record<string, string>>;
  /** A folder this sandbox may keep files in (created by the host, kept between restarts). */
  dataDir: string;
}

export interface DemoSandbox {
  /** Names the connection as a sandbox, e.g. "Mailchimp (sandbox)". */
  name: string;
  /** Where it listens, for the host's outbound allow-list; null when it opens no socket (a local folder). */
  address: { host: string; port: number } | null;
  /** Connection settings and secrets that reach the sandbox. */
  connection: { settings: Record<string, unknown>; secrets: Record<string, string> };
  /** Export options that aim at something that exists in the sandbox (e.g. Mailchimp's audience id). */
  exportOptions: Record<string, unknown>;
  /** What to hand back as `saved` next time. */
  persist: Record<string, string>;
  close(): Promise<void>;
}

export type StartDemoSandbox = (options: DemoSandboxOptions) => Promise<DemoSandbox>;

/**
 * Starts a server on the port it had last time, or on a free port when that one is taken now
 * (the host then updates the connections it saved).
 */
export async function onPreferredPort<T>(port: number | undefined, start: (port: number) => Promise<T>): Promise<T> {
  if (!port) return start(0);
  try {
    return await start(port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    return start(0);
  }
}
