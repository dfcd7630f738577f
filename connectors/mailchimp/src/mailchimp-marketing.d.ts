// The official client ships without type declarations. These cover what the connector and its
// tests call; bodies and results are typed where the connector reads them (see wire.ts).

declare module '@mailchimp/mailchimp_marketing/src/ApiClient.js' {
  namespace ApiClient {
    interface Config {
      apiKey?: string;
      accessToken?: string;
      server?: string;
    }
    interface ListsApi {
      getAllLists(opts?: { count?: number; offset?: number; fields?: string[] }): Promise<unknown>;
      getList(listId: string, opts?: { fields?: string[] }): Promise<unknown>;
      batchListMembers(listId: string, body: object, opts?: { skipMergeValidation?: boolean; skipDuplicateCheck?: boolean }): Promise<unknown>;
      listSegments(listId: string, opts?: { type?: string; count?: number; offset?: number; fields?: string[] }): Promise<unknown>;
      createSegment(listId: string, body: object): Promise<unknown>;
      batchSegmentMembers(body: object, listId: string, segmentId: number | string): Promise<unknown>;
      getListMember(listId: string, subscriberHash: string): Promise<unknown>;
    }
  }
  class ApiClient {
    basePath: string;
    timeout: number;
    /** When true, `agent.attachCookies` is called with each superagent request before it is sent. */
    enableCookies: boolean;
    agent: {
      attachCookies(request: { agent(agent: import('node:http').Agent): { redirects(count: number): unknown } }): void;
      saveCookies(response: unknown): void;
    };
    defaultHeaders: Record<string, string>;
    setConfig(config: ApiClient.Config): void;
    ping: { get(): Promise<unknown> };
    lists: ApiClient.ListsApi;
  }
  export = ApiClient;
}

declare module '@mailchimp/mailchimp_marketing' {
  import type ApiClient from '@mailchimp/mailchimp_marketing/src/ApiClient.js';
  /** The package's main export: one shared ApiClient instance. */
  const client: ApiClient;
  export = client;
}
