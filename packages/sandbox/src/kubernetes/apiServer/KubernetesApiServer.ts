import { generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubernetesClusterFixtures } from '../fixtures';
import { AdminClient, ApiServerError } from './adminClient';
import { AUDIT_POLICY, AuditedRequest, readAuditedRequests } from './auditLog';
import { etcdBinary, kubeApiServerBinary } from './binaries';
import { createObjects } from './createObjects';
import { CustomResourceDefinitionFilter, installCrds } from './crds';
import { KubeletLogShim } from './kubeletLogs';
import { freePort } from '../../http/freePort';
import { ManagedProcess, waitFor, WaitTimeout } from './processes';
import { grantObjects, KubernetesGrant } from './rbac';
import { ResourcePaths } from './resourcePaths';

/** A bearer token the server accepts for a user, and what RBAC grants that user. */
export interface KubernetesTokenUser extends KubernetesGrant {
  name: string;
}

/** A service account the harness creates and issues a token for (TokenRequest), with its grant. */
export interface KubernetesServiceAccount extends KubernetesGrant {
  namespace: string;
  name: string;
}

export interface KubernetesApiServerOptions {
  /** Cluster name, for messages only. */
  name: string;
  fixtures?: KubernetesClusterFixtures;
  /** Static bearer tokens (`--token-auth-file`) and their users' grants. */
  tokens?: Record<string, KubernetesTokenUser>;
  /** Service accounts to create; their tokens come from {@link KubernetesApiServer.serviceAccountToken}. */
  serviceAccounts?: KubernetesServiceAccount[];
  /** Which CRDs of `reference/crds` to install, and how (default: all of them as published). */
  crds?: CustomResourceDefinitionFilter;
  /** How long each step of the start (certificate, readiness, CRDs) may take; default a minute. */
  startTimeoutMs?: number;
  /** Port of the API server (default: a free one). */
  port?: number;
  /**
   * Where the server keeps its self-signed certificate; one that is there is reused, so a client
   * that trusted the CA keeps trusting it across restarts (default: a fresh one each start).
   */
  certDir?: string;
}

const ADMIN = 'harness-admin';
const NODE_NAME = 'harness-node';

/**
 * A real Kubernetes API server (kube-apiserver, with its own etcd) for the tests and the sandbox:
 * TLS with its own CA, bearer-token authentication (static tokens and service-account tokens),
 * RBAC, the upstream CRDs, and the fixtures created through the API. What needs a kubelet
 * (`pods/log`) reaches a small log shim registered as the pods' node. Requests of the clients
 * under test are read back from the server's audit log.
 */
export class KubernetesApiServer {
  private auditOffset = 0;
  private readonly accountTokens = new Map<string, string>();

  private constructor(
    private readonly options: KubernetesApiServerOptions,
    private readonly dir: string,
    private readonly etcd: ManagedProcess,
    private readonly apiServer: ManagedProcess,
    private readonly kubelet: KubeletLogShim,
    private readonly admin: AdminClient,
    private readonly paths: ResourcePaths,
    /** The server's URL, as a kubeconfig's `server` is written. */
    readonly url: string,
    /** The CA bundle (PEM) that signed the server's certificate. */
    readonly ca: string,
  ) {}

  static async start(
    options: KubernetesApiServerOptions,
  ): Promise<KubernetesApiServer> {
    try {
      return await KubernetesApiServer.startOnce(options);
    } catch (error) {
      // freePort's ports are free when chosen, not when etcd or the server binds them: another
      // process (a parallel test's server, an outgoing connection) may take one in between. A
      // start that did not come up in time is tried once more too, with a fresh etcd (and fresh
      // ports unless fixed), so one stuck start on a loaded machine does not fail a test file.
      const portTaken = options.port === undefined && isPortTaken(error);
      if (!portTaken && !(error instanceof WaitTimeout)) throw error;
      try {
        return await KubernetesApiServer.startOnce(options);
      } catch (second) {
        if (second instanceof Error && error instanceof Error) {
          second.message += `\n(the first start failed too: ${error.message})`;
        }
        throw second;
      }
    }
  }

  private static async startOnce(
    options: KubernetesApiServerOptions,
  ): Promise<KubernetesApiServer> {
    const dir = mkdtempSync(join(tmpdir(), `kube-${options.name}-`));
    const adminToken = randomBytes(24).toString('hex');
    const tokenLines = [`${adminToken},${ADMIN},${ADMIN},"system:masters"`];
    Object.entries(options.tokens ?? {}).forEach(([token, user], i) => {
      if (!/^[A-Za-z0-9._~+/=-]+$/.test(token))
        throw new Error(`Token ${JSON.stringify(token)} is not a bearer token`);
      tokenLines.push(`${token},${user.name},uid-${i}`);
    });
    writeFileSync(join(dir, 'tokens.csv'), `${tokenLines.join('\n')}\n`, {
      mode: 0o600,
    });
    writeFileSync(join(dir, 'audit-policy.yaml'), AUDIT_POLICY);
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
    });
    writeFileSync(
      join(dir, 'sa.key'),
      privateKey.export({ type: 'pkcs8', format: 'pem' }),
    );
    writeFileSync(
      join(dir, 'sa.pub'),
      publicKey.export({ type: 'spki', format: 'pem' }),
    );

    const certDir = options.certDir ?? join(dir, 'certs');
    const [etcdPort, peerPort, port] = [
      await freePort(),
      await freePort(),
      options.port ?? (await freePort()),
    ];
    const etcd = ManagedProcess.spawn(
      `etcd of ${options.name}`,
      etcdBinary(),
      [
        `--data-dir=${join(dir, 'etcd')}`,
        `--listen-client-urls=http://127.0.0.1:${etcdPort}`,
        `--advertise-client-urls=http://127.0.0.1:${etcdPort}`,
        `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
        `--initial-cluster=default=http://127.0.0.1:${peerPort}`,
      ],
      dir,
    );
    const apiServer = ManagedProcess.spawn(
      `kube-apiserver of ${options.name}`,
      kubeApiServerBinary(),
      [
        `--etcd-servers=http://127.0.0.1:${etcdPort}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--secure-port=${port}`,
        `--cert-dir=${certDir}`,
        `--token-auth-file=${join(dir, 'tokens.csv')}`,
        '--anonymous-auth=false',
        '--authorization-mode=RBAC',
        '--service-account-issuer=https://kubernetes.default.svc',
        `--service-account-key-file=${join(dir, 'sa.pub')}`,
        `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
        '--service-cluster-ip-range=10.96.0.0/16',
        `--audit-policy-file=${join(dir, 'audit-policy.yaml')}`,
        `--audit-log-path=${join(dir, 'audit.log')}`,
        '--audit-log-format=json',
        '--audit-log-mode=blocking',
        '--kubelet-preferred-address-types=InternalIP',
        // A loopback address is all a test cluster has; nothing needs the `kubernetes` Service.
        '--endpoint-reconciler-type=none',
        '--enable-priority-and-fairness=false',
        '--profiling=false',
      ],
    );
    const stopAll = async () => {
      await Promise.all([apiServer.stop(), etcd.stop()]);
      rmSync(dir, { recursive: true, force: true });
    };
    try {
      const url = `https://127.0.0.1:${port}`;
      const certFile = join(certDir, 'apiserver.crt');
      await waitFor(
        async () => {
          etcd.assertRunning();
          apiServer.assertRunning();
          return statSync(certFile, { throwIfNoEntry: false }) !== undefined;
        },
        {
          timeoutMs: options.startTimeoutMs ?? 60_000,
          describe: () =>
            `kube-apiserver of ${
              options.name
            } wrote no certificate:\n${apiServer.lastOutput()}`,
        },
      );
      const ca = readFileSync(certFile, 'utf8');
      const admin = new AdminClient({ url, token: adminToken, ca });
      let readiness = 'no answer yet';
      await waitFor(
        async () => {
          etcd.assertRunning();
          apiServer.assertRunning();
          try {
            // A short wait per poll: one request stuck while the server starts must not use up
            // the whole deadline.
            await admin.get('/readyz?verbose', 5_000);
            return true;
          } catch (error) {
            readiness = readinessOf(error);
            return false;
          }
        },
        {
          timeoutMs: options.startTimeoutMs ?? 60_000,
          describe: () =>
            `kube-apiserver of ${
              options.name
            } never became ready; /readyz answered: ${readiness}\n${apiServer.lastOutput()}`,
        },
      );
      const paths = new ResourcePaths(admin);
      await installCrds(admin, options.crds, options.startTimeoutMs);
      paths.reset();
      const kubelet = await KubeletLogShim.start({
        key: readFileSync(join(certDir, 'apiserver.key'), 'utf8'),
        cert: ca,
        logs: options.fixtures?.logs ?? {},
      });
      const server = new KubernetesApiServer(
        options,
        dir,
        etcd,
        apiServer,
        kubelet,
        admin,
        paths,
        url,
        ca,
      );
      await server.registerNode();
      const grants = [
        ...Object.values(options.tokens ?? {}).map((user, i) =>
          grantObjects(`token-${i}`, { kind: 'User', name: user.name }, user),
        ),
        ...(options.serviceAccounts ?? []).map((account, i) => [
          {
            apiVersion: 'v1',
            kind: 'ServiceAccount',
            metadata: { namespace: account.namespace, name: account.name },
          },
          ...grantObjects(
            `account-${i}`,
            {
              kind: 'ServiceAccount',
              namespace: account.namespace,
              name: account.name,
            },
            account,
          ),
        ]),
      ].flat();
      await createObjects(admin, paths, grants, { nodeName: NODE_NAME });
      await server.put(...(options.fixtures?.objects ?? []));
      server.resetRequests();
      return server;
    } catch (error) {
      await stopAll();
      throw error;
    }
  }

  get name(): string {
    return this.options.name;
  }

  /** The CA bundle as a cluster's `caData` setting takes it (base64 of the PEM). */
  get caData(): string {
    return Buffer.from(this.ca, 'utf8').toString('base64');
  }

  /**
   * The entry of `delivery.kubernetes.clusters` that reaches this server with a bearer token,
   * trusting its CA.
   */
  deliveryCluster(token: string, name: string = this.name) {
    return {
      name,
      url: this.url,
      caData: this.caData,
      auth: { type: 'serviceAccount' as const, token },
    };
  }

  /**
   * A token of one of the service accounts the server was started with, from the TokenRequest
   * API as a projected token would be (valid for a day).
   */
  async serviceAccountToken(namespace: string, name: string): Promise<string> {
    const key = `${namespace}/${name}`;
    const known = this.accountTokens.get(key);
    if (known) return known;
    const answer = await this.admin.send(
      'POST',
      `/api/v1/namespaces/${encodeURIComponent(
        namespace,
      )}/serviceaccounts/${encodeURIComponent(name)}/token`,
      {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { expirationSeconds: 86_400 },
      },
    );
    this.accountTokens.set(key, answer.status.token);
    return answer.status.token;
  }

  /** Creates objects through the API as a controller would (not recorded as a client's request). */
  async put(...objects: any[]): Promise<any[]> {
    return createObjects(this.admin, this.paths, objects, {
      nodeName: NODE_NAME,
    });
  }

  /** The stored object, or undefined. */
  async object(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): Promise<any> {
    return this.admin.find(
      await this.paths.path(apiVersion, kind, namespace, name),
    );
  }

  /** Every stored object of a kind, optionally in one namespace. */
  async objects(
    apiVersion: string,
    kind: string,
    namespace?: string,
  ): Promise<any[]> {
    const list = await this.admin.get(
      await this.paths.path(apiVersion, kind, namespace),
    );
    return list.items;
  }

  /** Writes an object's status as its controller would (through the `status` subresource). */
  async setStatus(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
    status: any,
  ): Promise<any> {
    const path = await this.paths.path(apiVersion, kind, namespace, name);
    const stored = await this.admin.get(path);
    return this.admin.send('PUT', `${path}/status`, { ...stored, status });
  }

  /**
   * Changes a stored object with a JSON merge patch (`null` deletes), as a controller or a user
   * would (not recorded as a client's request).
   */
  async patch(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
    patch: any,
  ): Promise<any> {
    const path = await this.paths.path(apiVersion, kind, namespace, name);
    return this.admin.send(
      'PATCH',
      path,
      patch,
      'application/merge-patch+json',
    );
  }

  /** Sets the log the node answers for one container. */
  setLog(
    namespace: string,
    pod: string,
    container: string,
    text: string,
  ): void {
    this.kubelet.setLog(namespace, pod, container, text);
  }

  /** The requests of the clients under test since the last reset, from the audit log. */
  async requests(): Promise<AuditedRequest[]> {
    return readAuditedRequests(join(this.dir, 'audit.log'), this.auditOffset);
  }

  /** Forgets the requests seen so far. */
  resetRequests(): void {
    this.auditOffset =
      statSync(join(this.dir, 'audit.log'), { throwIfNoEntry: false })?.size ??
      0;
  }

  async stop(): Promise<void> {
    await Promise.all([
      this.kubelet.stop(),
      this.apiServer.stop(),
      this.etcd.stop(),
    ]);
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** The node every fixture pod runs on: its kubelet endpoint is the log shim. */
  private async registerNode(): Promise<void> {
    await this.admin.send('POST', '/api/v1/nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: NODE_NAME },
    });
    const node = await this.admin.get(`/api/v1/nodes/${NODE_NAME}`);
    await this.admin.send('PUT', `/api/v1/nodes/${NODE_NAME}/status`, {
      ...node,
      status: {
        addresses: [{ type: 'InternalIP', address: '127.0.0.1' }],
        daemonEndpoints: { kubeletEndpoint: { Port: this.kubelet.port } },
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'KubeletReady',
            message: 'log shim',
          },
        ],
      },
    });
  }
}

export { ApiServerError };

/** The checks /readyz?verbose reports as failing, or why it did not answer. */
function readinessOf(error: unknown): string {
  if (error instanceof ApiServerError && typeof error.body === 'string') {
    const failing = error.body
      .split('\n')
      .filter(line => line.startsWith('[-]'))
      .join('; ');
    return `${error.status} ${failing || error.body.trim()}`;
  }
  return error instanceof Error ? error.message : String(error);
}

function isPortTaken(error: unknown): boolean {
  return (
    error instanceof Error && /address already in use/i.test(error.message)
  );
}
