import { defineConnector } from '@outport/connector-sdk';
import { testMailchimpConnection } from './test-connection.js';
import { createMailchimpExporter } from './exporter.js';
import { manifest } from './manifest.js';

export default defineConnector({
  manifest,
  testConnection: testMailchimpConnection,
  createExporter: createMailchimpExporter,
});
