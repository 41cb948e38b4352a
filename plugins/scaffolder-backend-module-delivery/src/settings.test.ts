import { ConfigReader } from '@backstage/config';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readDeliveryScaffolderSettings } from './settings';

describe('readDeliveryScaffolderSettings', () => {
  const read = (data: object, instances = ['prod']) =>
    readDeliveryScaffolderSettings(new ConfigReader(data), instances);

  it('has defaults for a fresh machine', () => {
    expect(read({ backend: { baseUrl: 'http://localhost:7007' } })).toEqual({
      localGit: {
        directory: join(tmpdir(), 'go-delivery-repositories'),
        gitopsRepository: 'gitops',
      },
      argocd: {
        instances: ['prod'],
        instance: 'prod',
        project: 'default',
        namespace: 'argocd',
        destinationServer: 'https://kubernetes.default.svc',
      },
      imageRegistry: 'localhost:5000',
      backendBaseUrl: 'http://localhost:7007',
      secretStore: 'vault',
      git: {
        authorName: 'Scaffolder',
        authorEmail: 'scaffolder@backstage.io',
        commitMessage: 'Initial commit',
      },
    });
  });

  it('reads every setting, resolving a relative directory against the working directory', () => {
    const settings = read(
      {
        scaffolder: {
          defaultAuthor: { name: 'Portal', email: 'portal@example.com' },
          defaultCommitMessage: 'Created by the portal',
        },
        delivery: {
          scaffolder: {
            localGit: { directory: 'repos', gitopsRepository: 'deploy' },
            argocd: {
              instance: 'staging',
              project: 'team-a',
              namespace: 'apps',
              destinationServer: 'https://cluster.example.com:6443/',
            },
            imageRegistry: 'ghcr.io/acme/',
            backendBaseUrl: 'https://portal.example.com/',
            secretStore: 'aws-secrets',
          },
        },
      },
      ['prod', 'staging'],
    );
    expect(settings).toMatchObject({
      localGit: { directory: resolve('repos'), gitopsRepository: 'deploy' },
      argocd: {
        instance: 'staging',
        project: 'team-a',
        namespace: 'apps',
        destinationServer: 'https://cluster.example.com:6443',
      },
      imageRegistry: 'ghcr.io/acme',
      backendBaseUrl: 'https://portal.example.com',
      secretStore: 'aws-secrets',
      git: {
        authorName: 'Portal',
        authorEmail: 'portal@example.com',
        commitMessage: 'Created by the portal',
      },
    });
  });

  it('refuses bad settings at startup, naming the key', () => {
    const scaffolder = (value: object) => ({ delivery: { scaffolder: value } });
    expect(() => read(scaffolder({ argocd: { instance: 'dr' } }))).toThrow(
      "delivery.scaffolder.argocd.instance 'dr' is not one of delivery.argocd.instances (prod)",
    );
    expect(() =>
      read(scaffolder({ argocd: { destinationServer: 'kubernetes' } })),
    ).toThrow(
      "delivery.scaffolder.argocd.destinationServer must be an http(s) URL, got 'kubernetes'",
    );
    expect(() =>
      read(scaffolder({ localGit: { gitopsRepository: '../x' } })),
    ).toThrow(
      "delivery.scaffolder.localGit.gitopsRepository '../x' must be a lowercase name",
    );
    expect(() =>
      read(scaffolder({ imageRegistry: 'https://ghcr.io' })),
    ).toThrow(
      "delivery.scaffolder.imageRegistry 'https://ghcr.io' must be a lowercase registry host",
    );
    expect(read({}, []).argocd.instance).toBeUndefined();
  });
});
