import { defineConnector } from '@outport/connector-sdk';
import { createKlaviyoExporter } from './exporter.js';
import { manifest } from './manifest.js';
import { testKlaviyoConnection } from './test-connection.js';

export { listName } from './exporter.js';
export { KLAVIYO_REVISION } from './wire.js';

export default defineConnector({
  manifest,
  testConnection: testKlaviyoConnection,
  createExporter: createKlaviyoExporter,
});
