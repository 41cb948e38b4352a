import { ConfigReader } from '@backstage/config';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readKubernetesConfig } from './readKubernetesConfig';

const CA = Buffer.from(
  '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
).toString('base64');

function read(kubernetes: any) {
  return readKubernetesConfig(new ConfigReader({ delivery: { kubernetes } }));
}

describe('readKubernetesConfig', () => {
  it('reads a CA bundle file at startup, as caData', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ca-'));
    const file = join(dir, 'ca.crt');
    writeFileSync(file, Buffer.from(CA, 'base64'));
    try {
      expect(
        read({
          clusters: [
            {
              name: 'ci',
              url: 'https://127.0.0.1:6443',
              caFile: file,
              auth: { type: 'serviceAccount', token: 't' },
            },
          ],
        }).clusters[0].caData,
      ).toBe(CA);
      writeFileSync(file, 'not a certificate');
      expect(() =>
        read({
          clusters: [
            {
              name: 'ci',
              url: 'https://127.0.0.1:6443',
              caFile: file,
              auth: { type: 'serviceAccount', token: 't' },
            },
          ],
        }),
      ).toThrow(`caFile ${file} holds no PEM certificate`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has no clusters when nothing is configured', () => {
    expect(readKubernetesConfig(new ConfigReader({}))).toEqual({
      clusters: [],
    });
  });

  it('reads every kind of auth with per-cluster and default timeouts', () => {
    expect(
      read({
        timeoutMs: 3000,
        clusters: [
          {
            name: 'ci',
            url: 'https://k8s.example.com:6443/',
            caData: CA,
            auth: { type: 'serviceAccount', token: 't0k' },
            timeoutMs: 1500,
          },
          {
            name: 'dev',
            url: 'http://127.0.0.1:7091',
            skipTLSVerify: true,
            auth: { type: 'serviceAccount', tokenFile: '/var/run/token' },
          },
          {
            name: 'prod',
            auth: {
              type: 'kubeconfig',
              path: '/etc/kube/config',
              context: 'prod',
            },
          },
          { name: 'local', auth: { type: 'inCluster' } },
        ],
      }),
    ).toEqual({
      clusters: [
        {
          name: 'ci',
          url: 'https://k8s.example.com:6443',
          caData: CA,
          skipTLSVerify: false,
          auth: { type: 'serviceAccount', token: 't0k' },
          timeoutMs: 1500,
        },
        {
          name: 'dev',
          url: 'http://127.0.0.1:7091',
          skipTLSVerify: true,
          auth: { type: 'serviceAccount', tokenFile: '/var/run/token' },
          timeoutMs: 3000,
        },
        {
          name: 'prod',
          skipTLSVerify: false,
          auth: {
            type: 'kubeconfig',
            path: '/etc/kube/config',
            context: 'prod',
          },
          timeoutMs: 3000,
        },
        {
          name: 'local',
          skipTLSVerify: false,
          auth: { type: 'inCluster' },
          timeoutMs: 3000,
        },
      ],
    });
  });

  it.each([
    [
      { name: 'a/b', url: 'https://x', auth: { type: 'inCluster' } },
      "clusters[0].name 'a/b' must be letters",
    ],
    [
      { name: 'ci', auth: { type: 'serviceAccount', token: 't' } },
      'clusters[0].url is required',
    ],
    [
      {
        name: 'ci',
        url: 'ftp://x',
        auth: { type: 'serviceAccount', token: 't' },
      },
      'must be an http(s) URL',
    ],
    [
      {
        name: 'ci',
        url: 'http://x',
        auth: { type: 'serviceAccount', token: 't' },
      },
      'plain http, which is only accepted together with skipTLSVerify: true',
    ],
    [
      {
        name: 'ci',
        url: 'https://x',
        caData: CA,
        skipTLSVerify: true,
        auth: { type: 'serviceAccount', token: 't' },
      },
      'sets caData and skipTLSVerify; choose one',
    ],
    [
      {
        name: 'ci',
        url: 'https://x',
        caData: CA,
        caFile: '/etc/ca.crt',
        auth: { type: 'serviceAccount', token: 't' },
      },
      'sets caData and caFile; choose one',
    ],
    [
      {
        name: 'ci',
        url: 'https://x',
        caFile: '/nonexistent/ca.crt',
        auth: { type: 'serviceAccount', token: 't' },
      },
      'caFile cannot be read: ENOENT',
    ],
    [
      {
        name: 'ci',
        url: 'https://x',
        caData: 'bm90IGEgY2VydA==',
        auth: { type: 'serviceAccount', token: 't' },
      },
      'caData must be the base64 of a PEM certificate bundle',
    ],
    [
      { name: 'ci', url: 'https://x', auth: { type: 'serviceAccount' } },
      "needs exactly one of 'token' or 'tokenFile'",
    ],
    [
      {
        name: 'ci',
        url: 'https://x',
        auth: { type: 'serviceAccount', token: 't', tokenFile: '/t' },
      },
      "needs exactly one of 'token' or 'tokenFile'",
    ],
    [
      {
        name: 'ci',
        url: 'https://x',
        auth: { type: 'kubeconfig', path: '/k' },
      },
      "clusters[0].url is only for auth type 'serviceAccount'",
    ],
    [
      { name: 'ci', auth: { type: 'inCluster', token: 't' } },
      "auth.token is not a setting of auth type 'inCluster'",
    ],
    [
      { name: 'ci', auth: { type: 'oidc' } },
      "auth.type must be 'serviceAccount', 'kubeconfig' or 'inCluster'",
    ],
    [
      { name: 'ci', auth: { type: 'inCluster' }, timeoutMs: -1 },
      'timeoutMs must be a positive number of milliseconds',
    ],
  ])('refuses %j', (cluster, message) => {
    expect(() => read({ clusters: [cluster] })).toThrow(message);
  });

  it('refuses a cluster name used twice', () => {
    expect(() =>
      read({
        clusters: [
          { name: 'ci', auth: { type: 'inCluster' } },
          { name: 'ci', auth: { type: 'inCluster' } },
        ],
      }),
    ).toThrow("the name 'ci' is used twice");
  });
});
