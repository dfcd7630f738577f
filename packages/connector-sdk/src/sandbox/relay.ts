import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

/**
 * A loopback TCP relay in front of a server a test does not run in-process (an emulator in a child
 * process, such as Azurite), counting the connections it accepts. Point the connection's settings
 * at the relay and hand `connections` to the conformance kit: 0 new connections proves a client
 * was stopped before it connected.
 */
export interface CountingRelay {
  host: '127.0.0.1';
  port: number;
  /** TCP connections the relay accepted since it started. */
  connections(): number;
  close(): Promise<void>;
}

export async function startCountingRelay(target: { host?: string; port: number }): Promise<CountingRelay> {
  let accepted = 0;
  const open = new Set<Socket>();
  const track = (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  };
  const server = createServer((client) => {
    accepted++;
    track(client);
    const upstream = connect({ host: target.host ?? '127.0.0.1', port: target.port });
    track(upstream);
    client.pipe(upstream).pipe(client);
    // Either side going away ends the other; errors are the client's to see as a closed socket.
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    host: '127.0.0.1',
    port: (server.address() as AddressInfo).port,
    connections: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
