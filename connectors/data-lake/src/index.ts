import { defineConnector } from '@outport/connector-sdk';
import { openDestination } from './destinations/index.js';
import { CdmFolderExporter } from './exporter.js';
import { manifest } from './manifest.js';
import { fileOptions } from './settings.js';

export default defineConnector({
  manifest,

  async testConnection(ctx) {
    await openDestination(ctx).check();
  },

  createExporter(ctx) {
    return new CdmFolderExporter(ctx, openDestination(ctx), fileOptions(ctx.options));
  },
});
