import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ApiKeySession, ListsApi, ProfilesApi } from 'klaviyo-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKlaviyoSandbox, type KlaviyoSandbox } from '../src/sandbox/index.js';
import { KLAVIYO_REVISION } from '../src/wire.js';

// The sandbox speaks Klaviyo's protocol closely enough for the official client, used as its README
// shows (its own session, retries and revision), with only its base path pointed at the sandbox.

describe('the official klaviyo-api client against the sandbox', () => {
  let sandbox: KlaviyoSandbox;
  beforeAll(async () => {
    sandbox = await startKlaviyoSandbox({ jobQueuedMs: 50, jobProcessingMs: 50 });
  });
  afterAll(() => sandbox.close());

  it('pins the revision the connector states', () => {
    const require = createRequire(import.meta.url);
    const apis = readFileSync(join(dirname(require.resolve('klaviyo-api')), 'api', 'apis.js'), 'utf8');
    expect(apis).toContain(`const revision = "${KLAVIYO_REVISION}";`);
  });

  it('creates a list, imports profiles into it, polls the job and reads its errors', async () => {
    const session = new ApiKeySession(sandbox.apiKey);
    const lists = new ListsApi(session);
    const profiles = new ProfilesApi(session);
    lists.basePath = sandbox.url;
    profiles.basePath = sandbox.url;

    const list = await lists.createList({ data: { type: 'list', attributes: { name: 'Official client' } } });
    expect(list.response.status).toBe(201);
    const listId = list.body.data.id;
    const found = await lists.getLists({ filter: 'equals(name,"Official client")' });
    expect(found.body.data.map((l) => l.id)).toEqual([listId]);

    const job = await profiles.bulkImportProfiles({
      data: {
        type: 'profile-bulk-import-job',
        attributes: { profiles: { data: [{ type: 'profile', attributes: { email: 'ada@example.com', firstName: 'Ada' } }, { type: 'profile', attributes: { email: 'broken' } }] } },
        relationships: { lists: { data: [{ type: 'list', id: listId }] } },
      },
    });
    expect(job.response.status).toBe(202);
    await new Promise((r) => setTimeout(r, 300));
    const polled = await profiles.getBulkImportProfilesJob(job.body.data.id);
    expect(polled.body.data.attributes.status).toBe('complete');
    expect(polled.body.data.attributes.failedCount).toBe(1);
    const errors = await profiles.getErrorsForBulkImportProfilesJob(job.body.data.id);
    expect(errors.body.data[0]!.attributes.originalPayload).toEqual({ email: 'broken' });
    expect(sandbox.profile('ada@example.com')).toMatchObject({ first_name: 'Ada' });

    const members = await lists.getProfilesForList(listId, { filter: 'any(email,["ada@example.com"])' });
    await lists.removeProfilesFromList(listId, { data: members.body.data.map((p) => ({ type: 'profile', id: p.id! })) });
    expect(sandbox.members(listId)).toHaveLength(0);
  });
});
