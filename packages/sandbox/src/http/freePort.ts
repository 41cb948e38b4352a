import { AddressInfo, createServer } from 'node:net';

/**
 * A loopback port nothing listens on right now: for a server about to start, or as the address
 * of a cluster that is down.
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
