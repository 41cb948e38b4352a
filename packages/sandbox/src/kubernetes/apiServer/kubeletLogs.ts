import { createServer, Server } from 'node:https';
import { AddressInfo } from 'node:net';
import { sliceLog } from '../podLogs';

/**
 * The one piece of a node the API server needs and cannot have here: the kubelet's
 * `containerLogs` endpoint, which `pods/log` proxies to once the API server has authorised the
 * request, found the pod and validated the options. Serves the logs the fixtures captured.
 */
export class KubeletLogShim {
  private constructor(
    private readonly server: Server,
    private readonly logs: Map<string, string>,
  ) {}

  static async start(options: {
    key: string;
    cert: string;
    logs: Record<string, string>;
  }): Promise<KubeletLogShim> {
    const logs = new Map(Object.entries(options.logs));
    const server = createServer(
      { key: options.key, cert: options.cert },
      (req, res) => {
        const url = new URL(req.url ?? '/', 'https://kubelet');
        const match = /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(
          url.pathname,
        );
        if (req.method !== 'GET' || !match) {
          res.writeHead(404, { 'content-type': 'text/plain' });
          res.end('the kubelet shim serves container logs only');
          return;
        }
        const [, namespace, pod, container] = match.map(decodeURIComponent);
        const text = logs.get(`${namespace}/${pod}/${container}`) ?? '';
        const number = (name: string) => {
          const raw = url.searchParams.get(name);
          return raw === null ? undefined : Number(raw);
        };
        const body = sliceLog(text, {
          tailLines: number('tailLines'),
          limitBytes: number('limitBytes'),
        });
        res.writeHead(200, {
          'content-type': 'text/plain',
          'content-length': body.length,
        });
        res.end(body);
      },
    );
    const shim = new KubeletLogShim(server, logs);
    await new Promise<void>((done, fail) => {
      server.once('error', fail);
      server.listen(0, '127.0.0.1', () => done());
    });
    return shim;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  setLog(
    namespace: string,
    pod: string,
    container: string,
    text: string,
  ): void {
    this.logs.set(`${namespace}/${pod}/${container}`, text);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>(done => this.server.close(() => done()));
  }
}
