import type ApiClient from '@mailchimp/mailchimp_marketing/src/ApiClient.js';
import { outboundAgent } from '@outport/connector-sdk';

/**
 * Routes every request of the official client through the SDK's guarded agent, so the API base
 * URL obeys the outbound-address policy on the address actually connected to.
 *
 * ApiClient builds a fresh superagent request per call and has no agent option. Its one hook on
 * each request before it is sent is the cookie jar it consults when `enableCookies` is on (see
 * `callApi` in the package's src/ApiClient.js); this "jar" keeps no cookies and sets the agent.
 * Redirects are turned off: Mailchimp's API does not redirect, and a redirect to the other
 * protocol would not fit the agent.
 */
export function guardOutbound(client: ApiClient, baseUrl: string): void {
  const agent = outboundAgent(baseUrl);
  client.enableCookies = true;
  client.agent = {
    attachCookies: (request) => {
      request.agent(agent).redirects(0);
    },
    saveCookies: () => undefined,
  };
}
