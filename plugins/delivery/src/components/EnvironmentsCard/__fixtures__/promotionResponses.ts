import {
  EnvironmentsResponse,
  EnvironmentView,
  PinnedImageView,
  PromotionGate,
  PromotionPreview,
  PromotionResult,
  PromotionStepView,
} from '@go-delivery/plugin-delivery-common';

/*
 * The environments of payments-api as the backend's view models type them: dev runs 1.9.0,
 * staging 1.8.0, prod 1.7.2, each an Argo CD application whose overlay in the GitOps repository
 * pins the image. The backend is written alongside; these follow its types, not a recorded
 * answer. Times are relative to now, so the card's relative times read the same on any day.
 */

const HOUR = 3600_000;
const ago = (hours: number) =>
  new Date(Date.now() - hours * HOUR).toISOString();

const REPOSITORY = 'https://github.com/example-org/payments-api-gitops';
const IMAGE = 'ghcr.io/example-org/payments-api';

function image(tag: string, digest: string): PinnedImageView {
  return {
    name: IMAGE,
    reference: `${IMAGE}:${tag}@sha256:${digest}`,
    tag,
    digest: `sha256:${digest}`,
  };
}

export const image190 = image('1.9.0', '9c1d'.repeat(16));
export const image180 = image('1.8.0', '81e0'.repeat(16));
export const image172 = image('1.7.2', '72b4'.repeat(16));

const DEV_SHA = '0e4c1b2c3d4e5f60718293a4b5c6d7e8f9012346';
const STAGING_SHA = '5a7e1b2c3d4e5f60718293a4b5c6d7e8f9012345';
const PROD_SHA = '9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f7081920';

function application(environment: string) {
  return {
    instance: environment === 'prod' ? 'prod' : 'staging',
    application: `payments-api-${environment}`,
    appNamespace: 'argocd',
  };
}

export const devEnvironment: EnvironmentView = {
  environment: 'dev',
  application: application('dev'),
  productionLike: false,
  sync: 'Synced',
  health: 'Healthy',
  revision: DEV_SHA,
  revisionUrl: `${REPOSITORY}/commit/${DEV_SHA}`,
  image: image190,
  deployedAt: ago(3),
};

export const stagingEnvironment: EnvironmentView = {
  environment: 'staging',
  application: application('staging'),
  productionLike: false,
  sync: 'Synced',
  health: 'Healthy',
  revision: STAGING_SHA,
  revisionUrl: `${REPOSITORY}/commit/${STAGING_SHA}`,
  image: image180,
  deployedAt: ago(26),
  behind: { deploys: 3, since: ago(50) },
  build: {
    cluster: 'ci',
    namespace: 'payments',
    name: 'payments-api-ci-7xk2p',
    status: 'succeeded',
    commit: '5758e8ff42879ea60bcbfc54a594e32fc54b09e3',
    image: { digest: image180.digest },
    supplyChain: {
      sbom: {
        uri: `ghcr.io/example-org/payments-api@${image180.digest}`,
        source: 'SBOM_URI',
      },
      vulnerabilities: {
        critical: 0,
        high: 0,
        medium: 0,
        low: 0,
        unknown: 0,
        total: 0,
        source: 'SCAN_OUTPUT',
      },
      signature: { verified: true },
    },
  },
};

export const prodEnvironment: EnvironmentView = {
  environment: 'prod',
  application: application('prod'),
  productionLike: true,
  sync: 'Synced',
  health: 'Healthy',
  revision: PROD_SHA,
  revisionUrl: `${REPOSITORY}/commit/${PROD_SHA}`,
  image: image172,
  deployedAt: ago(24 * 6),
  behind: { deploys: 1, since: ago(26) },
};

function gate(
  id: PromotionGate['id'],
  title: string,
  state: PromotionGate['state'],
  reason: string,
): PromotionGate {
  return { id, title, state, reason };
}

/** Every gate of staging → prod open or skipped. */
export const prodGatesOpen: PromotionGate[] = [
  gate(
    'source-healthy',
    'Staging healthy',
    'open',
    'payments-api-staging is Synced and Healthy',
  ),
  gate(
    'soak',
    'Soak time',
    'open',
    'staging has run 1.8.0 for 26 h (24 h needed)',
  ),
  gate(
    'verdict',
    'Deploy verdict',
    'open',
    'No regression after the deploy of 1.8.0',
  ),
  gate('pipeline', 'Pipeline', 'open', 'The run of 1.8.0 succeeded'),
  gate('coverage', 'Coverage', 'skipped', 'No coverage threshold is annotated'),
  gate(
    'error-budget',
    'Error budget',
    'open',
    'prod has 64 % of its 30-day budget left',
  ),
  gate('freeze', 'Change freeze', 'open', 'No freeze window is active'),
];

/** staging → prod with the error budget spent and the verdict not known. */
export const prodGatesShut: PromotionGate[] = prodGatesOpen.map(g => {
  if (g.id === 'error-budget') {
    return {
      ...g,
      state: 'shut',
      reason: 'prod has spent 112 % of its 30-day budget',
    };
  }
  if (g.id === 'verdict') {
    return {
      ...g,
      state: 'unknown',
      reason: "Prometheus 'prod' did not answer",
    };
  }
  return g;
});

const devGates: PromotionGate[] = [
  gate(
    'source-healthy',
    'Dev healthy',
    'open',
    'payments-api-dev is Synced and Healthy',
  ),
  gate('soak', 'Soak time', 'open', 'dev has run 1.9.0 for 3 h (1 h needed)'),
  gate('pipeline', 'Pipeline', 'open', 'The run of 1.9.0 succeeded'),
];

function step(from: EnvironmentView, to: EnvironmentView) {
  return {
    from: { ...from.application, environment: from.environment },
    to: { ...to.application, environment: to.environment },
    image: { from: from.image, to: to.image },
  };
}

/** dev → staging: a commit to the branch, no confirmation. */
export const toStaging: PromotionStepView = {
  ...step(devEnvironment, stagingEnvironment),
  available: true,
  gates: devGates,
  open: true,
  gitops: {
    provider: 'github',
    mode: 'commit',
    repository: REPOSITORY,
    branch: 'main',
    file: 'overlays/staging/kustomization.yaml',
  },
};

/** staging → prod: a pull request, the application's name typed to confirm. */
export const toProd: PromotionStepView = {
  ...step(stagingEnvironment, prodEnvironment),
  available: true,
  gates: prodGatesOpen,
  open: true,
  confirmationName: 'payments-api-prod',
  gitops: {
    provider: 'github',
    mode: 'pull-request',
    repository: REPOSITORY,
    branch: 'main',
    file: 'overlays/prod/kustomization.yaml',
  },
};

export const toProdShut: PromotionStepView = {
  ...toProd,
  gates: prodGatesShut,
  open: false,
};

export const environmentsResponse: EnvironmentsResponse = {
  environments: [devEnvironment, stagingEnvironment, prodEnvironment],
  promotions: [toStaging, toProd],
  failures: [],
};

/** The same, with the gates of staging → prod shut. */
export const shutResponse: EnvironmentsResponse = {
  ...environmentsResponse,
  promotions: [toStaging, toProdShut],
};

const PROD_DIFF = `--- a/overlays/prod/kustomization.yaml
+++ b/overlays/prod/kustomization.yaml
@@ -8,5 +8,5 @@ images:
   - name: ${IMAGE}
-    newTag: "1.7.2"
-    digest: sha256:${'72b4'.repeat(16)}
+    newTag: "1.8.0"
+    digest: sha256:${'81e0'.repeat(16)}
`;

const prodTarget = {
  from: application('staging'),
  to: application('prod'),
};

/** What promoting staging's 1.8.0 into prod changes, every gate open. */
export const prodPreview: PromotionPreview = {
  target: prodTarget,
  summary:
    'Pins ghcr.io/example-org/payments-api:1.8.0 (what staging runs) in the prod overlay, replacing 1.7.2',
  image: { from: image172, to: image180 },
  gates: prodGatesOpen,
  open: true,
  confirmationName: 'payments-api-prod',
  gitops: {
    provider: 'github',
    mode: 'pull-request',
    repository: REPOSITORY,
    branch: 'main',
    file: 'overlays/prod/kustomization.yaml',
    diff: PROD_DIFF,
  },
};

export const prodPreviewShut: PromotionPreview = {
  ...prodPreview,
  gates: prodGatesShut,
  open: false,
};

const PR_SHA = '7c1f0e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7';

/** The pull request the promotion opened. */
export const prodResult: PromotionResult = {
  target: prodTarget,
  message: 'Opened pull request #42: promote payments-api 1.8.0 to prod',
  commit: {
    sha: PR_SHA,
    branch: 'delivery/promote-payments-api-prod-1.8.0',
    url: `${REPOSITORY}/commit/${PR_SHA}`,
  },
  pullRequest: { url: `${REPOSITORY}/pull/42`, number: 42 },
  replayed: false,
};

export const OVERRIDE_REASON =
  'Hotfix for the checkout outage; the budget was spent by that outage';

/** The same, made although the error budget was spent and the verdict not known. */
export const prodResultOverridden: PromotionResult = {
  ...prodResult,
  overridden: { gates: ['verdict', 'error-budget'], reason: OVERRIDE_REASON },
};
