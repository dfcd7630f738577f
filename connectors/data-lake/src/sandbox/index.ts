import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BlobServiceClient, StorageSharedKeyCredential, type ContainerClient } from '@azure/storage-blob';
import { localExportRoot } from '@outport/connector-sdk';
import type { StartDemoSandbox } from '@outport/connector-sdk/sandbox';

/**
 * Storage targets are tested against real servers, so this connector's sandbox is Azurite, the
 * Azure Storage emulator, started in memory on a free local port. Nothing is simulated: what
 * Azurite accepts, Azure accepts (apart from the DFS endpoint, which the connector does not use).
 */

/** Azurite's well-known development account, as documented by Microsoft (not a secret). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface DataLakeSandbox {
  /** http://127.0.0.1:<port>/devstoreaccount1: the connection's `blobEndpoint` setting. */
  blobEndpoint: string;
  port: number;
  accountName: string;
  accountKey: string;
  connectionString: string;
  /** A client for inspecting what the connector wrote. */
  container(name: string): ContainerClient;
  createContainer(name: string): Promise<void>;
  /** Blob names under a prefix, sorted. */
  list(container: string, prefix?: string): Promise<string[]>;
  readText(container: string, name: string): Promise<string>;
  close(): Promise<void>;
}

export async function startDataLakeSandbox(options: { containers?: string[] } = {}): Promise<DataLakeSandbox> {
  const port = await freePort();
  const workDir = await mkdtemp(join(tmpdir(), 'outport-azurite-'));
  const child = spawn(
    process.execPath,
    [azuriteBlobMain(), '--silent', '--inMemoryPersistence', '--blobHost', '127.0.0.1', '--blobPort', String(port)],
    { cwd: workDir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await waitForPort(port, child, () => stderr);
  } catch (error) {
    child.kill();
    await rm(workDir, { recursive: true, force: true });
    throw error;
  }

  const blobEndpoint = `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`;
  const service = new BlobServiceClient(blobEndpoint, new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY));
  const sandbox: DataLakeSandbox = {
    blobEndpoint,
    port,
    accountName: AZURITE_ACCOUNT,
    accountKey: AZURITE_KEY,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};BlobEndpoint=${blobEndpoint};`,
    container: (name) => service.getContainerClient(name),
    async createContainer(name) {
      await service.getContainerClient(name).createIfNotExists();
    },
    async list(container, prefix) {
      const names: string[] = [];
      for await (const blob of service.getContainerClient(container).listBlobsFlat(prefix ? { prefix } : {})) names.push(blob.name);
      return names.sort();
    },
    async readText(container, name) {
      const buffer = await service.getContainerClient(container).getBlockBlobClient(name).downloadToBuffer();
      return buffer.toString('utf8');
    },
    async close() {
      await stop(child);
      await rm(workDir, { recursive: true, force: true });
    },
  };
  for (const name of options.containers ?? []) await sandbox.createContainer(name);
  return sandbox;
}

function azuriteBlobMain(): string {
  const require = createRequire(import.meta.url);
  try {
    return join(dirname(require.resolve('azurite/package.json')), 'dist/src/blob/main.js');
  } catch {
    throw new Error('The data lake sandbox needs the azurite package (a dev dependency of @outport/connector-data-lake).');
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, stderr: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Azurite exited (code ${child.exitCode}): ${stderr().trim()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Azurite did not start listening on port ${port} within ${timeoutMs / 1000} s.`);
}

/**
 * Azurite's graceful shutdown waits for idle keep-alive sockets of clients that may never close
 * them, so it gets a moment and is then killed: its storage is in memory, nothing is lost.
 */
function stop(child: ChildProcess, graceMs = 2_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
export { checkModelJson } from './model-json.js';

/** The folder the demo writes to, inside the host's local export root. */
export const DEMO_FOLDER = 'demo-lake';

/**
 * The demo needs no server: a data lake in a local folder inside the host's export root
 * (OUTPORT_LOCAL_EXPORT_ROOT), where a newcomer can open the CSV partitions and model.json.
 */
export const startDemoSandbox: StartDemoSandbox = async () => {
  const root = localExportRoot();
  if (!root) throw new Error('The host has not configured a local export root.');
  await mkdir(join(root, DEMO_FOLDER), { recursive: true });
  return {
    name: 'Data lake (sandbox folder)',
    address: null,
    connection: { settings: { destination: 'local', rootPath: DEMO_FOLDER }, secrets: {} },
    exportOptions: {},
    persist: {},
    close: () => Promise.resolve(),
  };
};
