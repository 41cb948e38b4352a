import { execFileSync } from 'node:child_process';
import { createServer, Server } from 'node:net';
import { request } from 'node:https';
import { loadKubernetesFixtures } from '../fixtures';
import { KubernetesApiServer } from './KubernetesApiServer';

jest.setTimeout(120_000);

function get(server: KubernetesApiServer, path: string, token: string) {
  return new Promise<{ status: number; text: string }>((done, fail) => {
    const req = request(
      new URL(path, server.url),
      { ca: server.ca, headers: { authorization: `Bearer ${token}` } },
      res => {
        let text = '';
        res.on('data', c => (text += c));
        res.on('end', () => done({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', fail);
    req.end();
  });
}

describe('KubernetesApiServer', () => {
  let server: KubernetesApiServer;

  beforeAll(async () => {
    const started = Date.now();
    server = await KubernetesApiServer.start({
      name: 'ci',
      fixtures: loadKubernetesFixtures().ci,
      tokens: { 'reader-token': { name: 'reader', verbs: ['get', 'list'] } },
      serviceAccounts: [{ namespace: 'backstage', name: 'delivery' }],
    });
    // eslint-disable-next-line no-console
    console.log(`started in ${Date.now() - started} ms`);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('serves the fixtures and pod logs through the node', async () => {
    const token = await server.serviceAccountToken('backstage', 'delivery');
    const runs = await server.objects('tekton.dev/v1', 'PipelineRun');
    expect(runs.length).toBeGreaterThan(0);
    const pods = await server.objects('v1', 'Pod');
    const pod = pods[0];
    const log = await get(
      server,
      `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/log?container=${pod.spec.containers[0].name}&tailLines=2`,
      token,
    );
    expect(log).toEqual({ status: 200, text: expect.any(String) });
    const requests = await server.requests();
    expect(requests.map(r => [r.method, r.user, r.status])).toEqual([
      ['GET', 'system:serviceaccount:backstage:delivery', 200],
    ]);
  });

  it('fails at once, saying why, when its port is taken', async () => {
    const taken: Server = await new Promise(done => {
      const listener = createServer().listen(0, '127.0.0.1', () =>
        done(listener),
      );
    });
    const port = (taken.address() as { port: number }).port;
    const started = Date.now();
    try {
      await expect(
        KubernetesApiServer.start({ name: 'busy', port }),
      ).rejects.toThrow(
        /kube-apiserver of busy exited[\s\S]*address already in use/,
      );
      // the exit ends the wait; it does not sit out the readiness deadline
      expect(Date.now() - started).toBeLessThan(50_000);
    } finally {
      taken.close();
    }
  });

  it('tries a start that does not come up in time once more, and says why both failed', async () => {
    await expect(
      KubernetesApiServer.start({ name: 'slow', startTimeoutMs: 1 }),
    ).rejects.toThrow(
      /kube-apiserver of slow wrote no certificate[\s\S]*\(the first start failed too: kube-apiserver of slow wrote no certificate/,
    );
    // Both attempts are stopped: nothing of them keeps running.
    await new Promise(r => setTimeout(r, 200));
    expect(
      execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).match(
        /kube-apiserver[^\n]*kube-slow-/g,
      ),
    ).toBeNull();
  });
});
