import axios, { type AxiosRequestConfig, type AxiosResponse } from 'axios';
import { JSON_API_MEDIA_TYPE, outboundAgent } from '@outport/connector-sdk';
import type { Session } from 'klaviyo-api';
import type { KlaviyoConnection } from './connection.js';
import { KLAVIYO_REVISION } from './wire.js';

/** One attempt is abandoned (and retried by the SDK) after this long. */
const REQUEST_TIMEOUT_MS = 120_000;

/**
 * The official client's hook on every request. `klaviyo-api` builds each call's axios config and
 * hands it to a Session, which adds credentials and sends it; this one:
 *
 * - authenticates with the private key (`Klaviyo-API-Key`) and states the revision the connector is
 *   written for, whatever revision the installed client was generated with;
 * - sends bodies as `application/vnd.api+json`, the media type Klaviyo's OpenAPI names;
 * - connects through the SDK's guarded agents, so the outbound-address policy applies to the address
 *   actually connected to; redirects are off (Klaviyo's API does not redirect, and a redirect would
 *   leave the agent) and so are proxies from the environment;
 * - passes the run's signal, so cancelling a run aborts requests in flight;
 * - makes one attempt: retries, and waiting for rate limits, are the SDK's (`KlaviyoApi.call`), so a
 *   429's Retry-After and the connection's limiters govern every attempt.
 */
export class GuardedKlaviyoSession implements Session {
  constructor(
    private readonly connection: KlaviyoConnection,
    private readonly signal: AbortSignal,
  ) {}

  applyToRequest(config: AxiosRequestConfig): void {
    const headers = (config.headers ?? {}) as Record<string, string>;
    headers.Authorization = `Klaviyo-API-Key ${this.connection.apiKey}`;
    headers.revision = KLAVIYO_REVISION;
    headers.Accept = JSON_API_MEDIA_TYPE;
    if (config.data !== undefined) headers['Content-Type'] = JSON_API_MEDIA_TYPE;
    config.headers = headers;
    const agent = outboundAgent(this.connection.baseUrl);
    config.httpAgent = agent;
    config.httpsAgent = agent;
    config.maxRedirects = 0;
    config.proxy = false;
    config.signal = this.signal;
    config.timeout = REQUEST_TIMEOUT_MS;
  }

  requestWithRetry(config: AxiosRequestConfig): Promise<AxiosResponse> {
    return axios.request(config);
  }

  refreshAndRetry(): boolean {
    return false;
  }
}
