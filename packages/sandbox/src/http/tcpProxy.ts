import { AddressInfo, connect, createServer, Socket } from 'node:net';

/** A TCP pass-through in front of a server (TLS goes through untouched). */
export interface TcpProxy {
  /** `https://127.0.0.1:<port>`: the proxied server's scheme on the proxy's port. */
  url: string;
  /** Connections made through the proxy so far. */
  connections(): number;
  close(): Promise<void>;
}

/**
 * Starts a TCP pass-through to `target` (a URL): counts the connections clients open, and with
 * `delayMs` holds each one that long before connecting it — a slow cluster for timeout tests.
 */
export async function startTcpProxy(
  target: string,
  options: { delayMs?: number } = {},
): Promise<TcpProxy> {
  const { hostname, port, protocol } = new URL(target);
  const sockets = new Set<Socket>();
  let connections = 0;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const proxy = createServer(client => {
    connections++;
    track(client);
    client.pause();
    const timer = setTimeout(() => {
      const upstream = connect(Number(port), hostname);
      track(upstream);
      upstream.on('close', () => client.destroy());
      client.on('close', () => upstream.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    }, options.delayMs ?? 0);
    client.on('close', () => clearTimeout(timer));
  });
  await new Promise<void>(resolve =>
    proxy.listen(0, '127.0.0.1', () => resolve()),
  );
  return {
    url: `${protocol}//127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    connections: () => connections,
    close: async () => {
      // Clients keep their connections alive: end them, or closing waits for them.
      sockets.forEach(socket => socket.destroy());
      await new Promise<void>(resolve => proxy.close(() => resolve()));
    },
  };
}
