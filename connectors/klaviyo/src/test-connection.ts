import type { ConnectionContext } from '@outport/connector-sdk';
import { KlaviyoApi } from './client.js';
import { resolveConnection } from './connection.js';

/** The key works (`GET /api/accounts`) and may read lists (`GET /api/lists`), which every export does first. */
export async function testKlaviyoConnection(ctx: ConnectionContext): Promise<void> {
  const api = new KlaviyoApi(resolveConnection(ctx), ctx);
  await api.account();
  await api.findList('Outport connection test');
}
