import { onPreferredPort, type StartDemoSandbox } from '@outport/connector-sdk/sandbox';
import { startKlaviyoSandbox } from './index.js';

/**
 * Klaviyo's sandbox for the demo: the same private key across restarts (kept in `persist`), and
 * import jobs that take a few seconds, as Klaviyo's do, so a run's progress can be watched.
 */
export const startDemoSandbox: StartDemoSandbox = async (options) => {
  const sandbox = await onPreferredPort(options.port, (port) =>
    startKlaviyoSandbox({ port, ...(options.saved?.apiKey ? { apiKey: options.saved.apiKey } : {}), jobQueuedMs: 1_000, jobProcessingMs: 2_000 }),
  );
  return {
    name: 'Klaviyo (sandbox)',
    address: { host: '127.0.0.1', port: sandbox.server.port },
    connection: { settings: { apiBaseUrl: sandbox.url }, secrets: { apiKey: sandbox.apiKey } },
    exportOptions: { listPrefix: 'Outport: ' },
    persist: { apiKey: sandbox.apiKey },
    close: () => sandbox.close(),
  };
};
