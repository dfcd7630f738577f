import {
  AuthError,
  PermanentError,
  createHttpClient,
  defineConnector,
  connectionLimiter,
  mapConcurrent,
  sha256Hex,
  type BatchResult,
  type ConnectionContext,
  type ExportContext,
  type RecordBatch,
  type RequestLimitsInput,
} from '@outport/connector-sdk';

// Klaviyo: a starting point. It speaks a small "members API" (see README.md); replace the
// requests with your target's and keep the shape: the SDK does batching, retries, rate limiting,
// normalising and hashing, so this file only says what the target needs. The manifest's version
// and SDK range come from package.json when the build writes manifest.json.

const LIMITS = {
  recordsPerRequest: 1000,
  concurrentRequests: 2,
  requestsPerInterval: { requests: 10, intervalMs: 1000 },
} satisfies RequestLimitsInput;

function client(ctx: ConnectionContext) {
  const apiKey = ctx.secrets.apiKey ?? '';
  return createHttpClient({
    baseUrl: String(ctx.settings.apiBaseUrl),
    target: 'Klaviyo',
    headers: { authorization: `Bearer ${apiKey}` },
    // One budget per connection, shared by every run that uses it (across worker processes when
    // the host shares limits through Redis).
    limiter: connectionLimiter(ctx, `klaviyo:${sha256Hex(apiKey)}`, LIMITS),
    // Cancelling the run cancels waiting calls, retries and requests in flight.
    signal: ctx.signal,
  });
}

interface MemberResult {
  status: 'ok' | 'error';
  message?: string;
}

function toResult(batch: RecordBatch, results: MemberResult[]): BatchResult {
  const rejected = batch.records.flatMap((record, i) =>
    results[i]?.status === 'ok' ? [] : [{ key: record.key, reason: results[i]?.message ?? 'Refused by Klaviyo' }],
  );
  return { sequence: batch.sequence, accepted: batch.records.length - rejected.length, rejected };
}

export default defineConnector({
  manifest: {
    id: 'klaviyo',
    name: 'Klaviyo',
    category: 'email',
    description: 'Keeps one Klaviyo list per segment: adds the members who join it and removes those who leave.',
    exportTypes: ['segment'],
    audienceKinds: [
      {
        id: 'contact',
        label: 'List members',
        accepts: { individuals: ['profile'], business: ['contact'] },
        fields: [
          { key: 'email', label: 'Email', type: 'email', required: true, identifier: true, normalize: 'email', description: 'Sent in plain text: the list keeps people by their address.' },
          { key: 'firstName', label: 'First name', type: 'string', normalize: 'trim' },
          { key: 'lastName', label: 'Last name', type: 'string', normalize: 'trim' },
        ],
      },
    ],
    connection: {
      settings: [
        { key: 'apiBaseUrl', label: 'API base URL', type: 'url', required: true, default: 'https://api.example.com', description: "The target's API; tests point it at the sandbox." },
        { key: 'apiKey', label: 'API key', type: 'string', required: true, secret: true },
      ],
    },
    limits: LIMITS,
    capabilities: { removeMembers: true },
  },

  async testConnection(ctx) {
    const res = await client(ctx).request('GET', '/v1/account');
    if (res.status !== 200) throw new AuthError('Klaviyo did not accept the API key.');
  },

  createExporter(ctx: ExportContext) {
    const http = client(ctx);
    return {
      async *exportItem(item, batches) {
        if (item.kind !== 'segment') throw new PermanentError('Klaviyo takes segments only.');
        // Find or create the audience by the segment's id, so a re-run never makes a second one.
        const audience = await http.request<{ id: string }>('PUT', `/v1/audiences/${encodeURIComponent(item.id)}`, { json: { name: item.name } });
        const path = `/v1/audiences/${encodeURIComponent(audience.body.id)}/members:batch`;
        yield* mapConcurrent(batches, LIMITS.concurrentRequests, async (batch) => {
          const res = await http.request<{ results: MemberResult[] }>('POST', path, {
            json: { operation: batch.operation === 'upsert' ? 'add' : 'remove', members: batch.records.map((r) => r.values) },
          });
          return toResult(batch, res.body.results);
        });
      },
    };
  },
});
