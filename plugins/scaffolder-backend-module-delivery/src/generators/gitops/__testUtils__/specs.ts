import type { GoServiceSpec } from '../../types';

/** A complete, valid spec; tests override what they vary. */
export function exampleSpec(
  overrides: Partial<GoServiceSpec> = {},
): GoServiceSpec {
  return {
    name: 'payments-api',
    description: 'Takes payments',
    owner: 'group:default/team-payments',
    modulePath: 'github.com/example-org/payments-api',
    goVersion: '1.24',
    port: 8080,
    ci: 'tekton',
    environments: ['dev', 'staging', 'prod'],
    canary: true,
    coverageThreshold: 80,
    imageRepository: 'ghcr.io/example-org/payments-api',
    serviceRepoUrl: 'https://github.com/example-org/payments-api.git',
    gitopsRepoUrl: 'https://github.com/example-org/gitops.git',
    gitopsPath: 'apps/payments-api',
    argocd: {
      instance: 'main',
      project: 'default',
      namespace: 'argocd',
      destinationServer: 'https://kubernetes.default.svc',
    },
    backstageBaseUrl: 'https://backstage.example.com',
    secretStore: 'vault',
    ...overrides,
  };
}

/** The spec variants every generator test runs over. */
export const SPEC_VARIANTS: Array<[string, GoServiceSpec]> = [
  ['tekton, canary, dev/staging/prod', exampleSpec()],
  [
    'tekton, no canary, dev/prod',
    exampleSpec({ canary: false, environments: ['dev', 'prod'] }),
  ],
  [
    'github-actions, canary, prod only',
    exampleSpec({ ci: 'github-actions', environments: ['prod'] }),
  ],
  [
    'github-actions, no canary, dev/staging, threshold 65.5',
    exampleSpec({
      ci: 'github-actions',
      canary: false,
      environments: ['dev', 'staging'],
      coverageThreshold: 65.5,
      name: 'ledger',
      imageRepository: 'registry.example.com:5000/platform/ledger',
      gitopsPath: '/deploy/ledger/',
    }),
  ],
];
