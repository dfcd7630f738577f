import { defineConnector } from '@outport/connector-sdk';
import { readConnection } from './connection.js';
import { createLinkedInExporter } from './exporter.js';
import { createLinkedInApi } from './linkedin-api.js';
import { manifest } from './manifest.js';

export { audienceName, sourceSegmentIdFor } from './audience.js';
export { LINKEDIN_VERSION } from './linkedin-api.js';

export default defineConnector({
  manifest,
  async testConnection(ctx) {
    // Reading the ad account proves both that the token is valid and that it reaches this account.
    await createLinkedInApi(readConnection(ctx), ctx).getAdAccount();
  },
  createExporter: createLinkedInExporter,
});
