import type { ConnectionContext } from '@outport/connector-sdk';
import { MailchimpApi } from './client.js';
import { resolveConnection } from './connection.js';

/** The key works (`GET /ping`) and may read audiences (`GET /lists`). */
export async function testMailchimpConnection(ctx: ConnectionContext): Promise<void> {
  const api = new MailchimpApi(resolveConnection(ctx), ctx);
  await api.ping();
  await api.firstAudiences();
}
