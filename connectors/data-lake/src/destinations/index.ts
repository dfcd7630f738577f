import type { ConnectionContext } from '@outport/connector-sdk';
import { destinationConfig } from '../settings.js';
import { AzureBlobContainer } from './azure-blob.js';
import type { Destination } from './destination.js';
import { LocalFolder } from './local-folder.js';

export type { Destination, StagedFile } from './destination.js';

/** The destination a connection's settings describe. */
export function openDestination(ctx: Pick<ConnectionContext, 'settings' | 'secrets' | 'signal'>): Destination {
  const config = destinationConfig(ctx);
  return config.kind === 'local' ? new LocalFolder(config.rootPath) : new AzureBlobContainer(config, ctx.signal);
}
