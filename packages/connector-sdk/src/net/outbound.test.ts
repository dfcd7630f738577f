import http from 'node:http';
import https from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isConnectorError } from '../errors.js';
import { createHttpClient } from '../http.js';
import { closeIdleOutboundSockets, createOutboundHttpAgent, createOutboundHttpsAgent, destroyOutboundAgents, outboundAgent } from './agents.js';
import { retireGuardedFetchConnections } from './fetch.js';
import { guardedLookup, watchPeer } from './guard.js';
import { allowOutboundTarget, configureOutboundPolicy, OutboundAddressError, resetOutboundPolicy } from './policy.js';
import { connectGuardedSocket } from './socket.js';

// End to end on loopback only: a server on 127.0.0.1 counts the connections it accepts, so a
// refusal is proven to happen before any socket opens (the count stays 0).

const REFUSED = 'Outport does not connect to private, loopback or link-local addresses (127.0.0.1). An operator can allow them with OUTPORT_ALLOW_PRIVATE_TARGETS=true.';

let server: http.Server;
let port: number;
let accepted = 0;
/** A port nothing listens on: the refusal must read the same as for an open one. */
let closedPort: number;

beforeAll(async () => {
  server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  server.on('connection', () => accepted++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

afterEach(() => {
  resetOutboundPolicy();
  server.closeAllConnections();
  accepted = 0;
});

const refusalOf = async (work: () => Promise<unknown>): Promise<Error> => {
  const error = await work().then(
    () => new Error('expected a refusal'),
    (e: unknown) => e as Error,
  );
  return error;
};

function get(url: string, agent: http.Agent): Promise<number> {
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    client.get(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', reject);
  });
}

describe('with private targets refused (the default)', () => {
  it('the SDK HTTP client refuses a loopback base URL before connecting, the same for open and closed ports', async () => {
    configureOutboundPolicy({});
    for (const target of [port, closedPort]) {
      const error = await refusalOf(() => createHttpClient({ baseUrl: `http://127.0.0.1:${target}/v1` }).request('GET', 'ping'));
      expect(error).toBeInstanceOf(OutboundAddressError);
      expect(isConnectorError(error) && error.kind).toBe('permanent');
      expect(error.message).toBe(REFUSED);
    }
    expect(accepted).toBe(0);
  });

  it('the HTTP client refuses odd spellings of loopback and IPv6 forms of it', async () => {
    configureOutboundPolicy({});
    for (const host of ['2130706433', '0x7f.1', '127.1', '[::ffff:127.0.0.1]', '[::1]', 'localhost']) {
      const error = await refusalOf(() => createHttpClient({ baseUrl: `http://${host}:${port}` }).request('GET', '/'));
      expect(error, host).toBeInstanceOf(OutboundAddressError);
    }
    expect(accepted).toBe(0);
  });

  it('the http and https agents refuse before connecting', async () => {
    configureOutboundPolicy({});
    for (const [url, agent] of [
      [`http://127.0.0.1:${port}/`, createOutboundHttpAgent()],
      [`https://127.0.0.1:${port}/`, createOutboundHttpsAgent()],
      [`http://localhost:${port}/`, createOutboundHttpAgent()],
    ] as const) {
      const error = await refusalOf(() => get(url, agent));
      expect(error, url).toBeInstanceOf(OutboundAddressError);
      agent.destroy();
    }
    expect(accepted).toBe(0);
  });

  it('the socket helper refuses before connecting, the same for open and closed ports', async () => {
    configureOutboundPolicy({});
    for (const target of [port, closedPort]) {
      const error = await refusalOf(() => connectGuardedSocket({ host: '127.0.0.1', port: target }));
      expect(error).toBeInstanceOf(OutboundAddressError);
      expect(error.message).toBe(REFUSED);
    }
    expect(await refusalOf(() => connectGuardedSocket({ host: 'localhost', port }))).toBeInstanceOf(OutboundAddressError);
    expect(accepted).toBe(0);
  });
});

describe('DNS rebinding: the address a name resolves to is what counts', () => {
  it('refuses a public-looking name whose resolver answers with a private address', async () => {
    configureOutboundPolicy({});
    // An injected resolver stands in for a hostile DNS server: no real DNS is asked.
    const rebinding = (_name: string, _options: unknown, callback: (err: null, addresses: { address: string; family: number }[]) => void) =>
      callback(null, [{ address: '127.0.0.1', family: 4 }]);
    const error = await refusalOf(() => connectGuardedSocket({ host: 'api.example.com', port, resolve: rebinding }));
    expect(error).toBeInstanceOf(OutboundAddressError);
    expect(error.message).toContain('(api.example.com resolves to 127.0.0.1)');
    expect(accepted).toBe(0);
  });

  it('hands back only allowed addresses when a name resolves to several', async () => {
    configureOutboundPolicy({});
    const mixed = (_name: string, _options: unknown, callback: (err: null, addresses: { address: string; family: number }[]) => void) =>
      callback(null, [
        { address: '10.0.0.1', family: 4 },
        { address: '93.184.215.14', family: 4 },
      ]);
    const answer = await new Promise<unknown>((resolve, reject) =>
      guardedLookup('mixed.example', 443, mixed)('mixed.example', { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
    );
    expect(answer).toEqual([{ address: '93.184.215.14', family: 4 }]);
  });

  it('checks the connected peer: a socket that reached a refused address is destroyed', async () => {
    configureOutboundPolicy({});
    // A socket opened without the guarded lookup, as if a resolver had answered differently between
    // the check and the connect: only the peer check stands between it and the request.
    const socket: Socket = watchPeer(connect({ host: '127.0.0.1', port }), 'rebind.example', port);
    const error = await new Promise<Error>((resolve) => socket.once('error', resolve));
    expect(error).toBeInstanceOf(OutboundAddressError);
    expect(error.message).toContain('(rebind.example resolves to 127.0.0.1)');
    expect(socket.destroyed).toBe(true);
  });
});

describe('with private targets allowed, or the target allow-listed', () => {
  it('the HTTP client, the agents and the socket helper connect when private targets are allowed', async () => {
    configureOutboundPolicy({ allowPrivateTargets: true });
    expect((await createHttpClient({ baseUrl: `http://127.0.0.1:${port}` }).request('GET', '/')).body).toEqual({ ok: true });
    const agent = createOutboundHttpAgent();
    expect(await get(`http://localhost:${port}/`, agent)).toBe(200);
    agent.destroy();
    const socket = await connectGuardedSocket({ host: '127.0.0.1', port });
    expect(socket.remoteAddress).toBe('127.0.0.1');
    socket.destroy();
    expect(accepted).toBe(3);
  });

  it('an allow-listed host:port is reachable while other ports stay refused', async () => {
    configureOutboundPolicy({ allowedTargets: [`127.0.0.1:${port}`] });
    expect((await createHttpClient({ baseUrl: `http://127.0.0.1:${port}` }).request('GET', '/')).status).toBe(200);
    const remove = allowOutboundTarget(`localhost:${port}`);
    const agent = createOutboundHttpAgent();
    expect(await get(`http://localhost:${port}/`, agent)).toBe(200);
    agent.destroy();
    remove();
    const socket = await connectGuardedSocket({ host: '127.0.0.1', port });
    socket.destroy();
    expect(accepted).toBe(3);
    expect(await refusalOf(() => connectGuardedSocket({ host: '127.0.0.1', port: closedPort }))).toBeInstanceOf(OutboundAddressError);
  });

  it('a stricter policy meets sockets pooled earlier once they are dropped (what the conformance kit does first)', async () => {
    // Pools of earlier tests hold sockets the server has closed since.
    retireGuardedFetchConnections();
    destroyOutboundAgents();
    configureOutboundPolicy({ allowPrivateTargets: true });
    const client = createHttpClient({ baseUrl: `http://127.0.0.1:${port}`, retry: { maxAttempts: 1 } });
    const url = `http://127.0.0.1:${port}/`;
    expect((await client.request('GET', '/')).status).toBe(200);
    expect(await get(url, outboundAgent(url))).toBe(200);
    await new Promise((resolve) => setImmediate(resolve));
    expect(accepted).toBe(2);
    configureOutboundPolicy({});
    // Policy changes apply to new connections: the kept-alive ones are reused...
    expect((await client.request('GET', '/')).status).toBe(200);
    expect(await get(url, outboundAgent(url))).toBe(200);
    await new Promise((resolve) => setImmediate(resolve));
    // ...until they are dropped, and then the policy refuses before connecting.
    closeIdleOutboundSockets();
    retireGuardedFetchConnections();
    expect(await refusalOf(() => client.request('GET', '/'))).toBeInstanceOf(OutboundAddressError);
    expect(await refusalOf(() => get(url, outboundAgent(url)))).toBeInstanceOf(OutboundAddressError);
    expect(accepted).toBe(2);
    destroyOutboundAgents();
  });

  it('a refused connection to an allowed address still says what happened', async () => {
    configureOutboundPolicy({ allowPrivateTargets: true });
    const error = await refusalOf(() => createHttpClient({ baseUrl: `http://127.0.0.1:${closedPort}`, retry: { maxAttempts: 1 } }).request('GET', '/'));
    expect(error.message).toMatch(/^Could not reach 127\.0\.0\.1:\d+ \(ECONNREFUSED/);
    expect((await refusalOf(() => connectGuardedSocket({ host: '127.0.0.1', port: closedPort })) as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  });
});
