import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { configureLocalExportRoot, configureOutboundPolicy } from '@outport/connector-sdk';
import type { Config } from './config.js';

/**
 * Hands the operator's limits on where connectors may reach to the connector SDK, which every
 * connector obeys: the outbound-address policy and the local export root. They are process-wide
 * SDK settings (connectors never read Outport's configuration), set whenever this process builds
 * the application: the server, a worker, the CLI, the benchmarks and the tests alike.
 */
export function applyHostPolicy(config: Config): void {
  configureOutboundPolicy({ allowPrivateTargets: config.allowPrivateTargets, allowedTargets: config.allowedTargets });
  // The default root lives in Outport's own data folder, so it is created on first start; a root
  // the operator named is not, so a missing mount fails loudly instead of filling the local disk.
  if (config.localExportRoot === join(config.dataDir, 'exports') && !existsSync(config.localExportRoot)) {
    mkdirSync(config.localExportRoot, { recursive: true });
  }
  configureLocalExportRoot(config.localExportRoot);
}
