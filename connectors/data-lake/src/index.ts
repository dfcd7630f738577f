import { defineConnector } from '@outport/connector-sdk';
import { openDestination } from './destinations/index.js';
import { CdmFolderExporter } from './exporter.js';
import { manifest } from './manifest.js';
import { maxPartitionBytes } from './settings.js';

export default defineConnector({
  manifest,

  async testConnection(ctx) {
    await openDestination(ctx).check();
  },

  createExporter(ctx) {
    return new CdmFolderExporter(ctx, openDestination(ctx), maxPartitionBytes(ctx.options));
  },
});
