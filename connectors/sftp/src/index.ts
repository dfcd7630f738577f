import { defineConnector } from '@outport/connector-sdk';
import { createSftpExporter } from './exporter.js';
import { manifest } from './manifest.js';
import { testSftpConnection } from './test-connection.js';

export default defineConnector({
  manifest,
  testConnection: testSftpConnection,
  createExporter: createSftpExporter,
});
