import { GO_SERVICE_METRICS } from '@go-delivery/plugin-delivery-common';
import type { Environment, GoServiceSpec } from '../types';
import {
  DEFAULT_PROMETHEUS_ADDRESS,
  MAX_ERROR_RATE,
  MAX_P95_LATENCY_SECONDS,
} from './analysisTemplate';
import { GITOPS_BRANCH } from './argoCdApplication';
import {
  prodClusterApplicationName,
  usesProdApplicationSet,
} from './argoCdApplicationSet';
import {
  ENVIRONMENT_PROFILES,
  environmentNamespace,
  gitopsRoot,
  helmValuesFile,
  manifestFormat,
} from './environments';
import { HELM_IMAGE_DIGEST_PATH, HELM_IMAGE_TAG_PATH } from './helmChart';
import { appSecretKey } from './externalSecret';
import { INITIAL_IMAGE_TAG } from './kustomizations';
import { argoCdApplicationName, gitopsNames } from './names';
import { DEFAULT_AVAILABILITY_OBJECTIVE } from './sloRules';
import { CANARY_STEPS } from './rollout';

function environmentsTable(spec: GoServiceSpec): string {
  const rows = spec.environments.map(environment => {
    const profile = ENVIRONMENT_PROFILES[environment];
    return `| ${environment} | \`${environmentNamespace(
      spec.name,
      environment,
    )}\` | ${
      environment === 'prod'
        ? prodApplications(spec)
        : `\`${argoCdApplicationName(spec.name, environment)}\``
    } | ${
      profile.automatedSync
        ? 'automated (prune, self-heal); CI bumps the image'
        : '**manual**: a person promotes and syncs'
    } | ${profile.minReplicas}–${profile.maxReplicas} |`;
  });
  return [
    '| Environment | Namespace | Argo CD Application | Sync | Replicas |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

function canarySection(spec: GoServiceSpec): string {
  const names = gitopsNames(spec.name);
  if (!spec.canary) {
    return `## Rollout

A rolling \`Deployment\` (no surge beyond 25 %, never below the desired replicas). To roll back,
return to an earlier revision (see below).`;
  }
  const weights = CANARY_STEPS.map(step =>
    'setWeight' in step
      ? `${step.setWeight} %`
      : `pause ${step.pause.duration}`,
  ).join(' → ');
  return `## Canary

An Argo Rollouts \`Rollout\`: ${weights}. During a rollout \`${
    names.canaryService
  }\` selects the
new pods and \`${
    names.stableService
  }\` the old ones. From the first pause on, the
\`AnalysisTemplate\` \`${
    names.analysisTemplate
  }\` measures the canary every minute on the
metrics the service exports, and a second failed measurement **aborts the rollout**:

- error rate: share of \`${GO_SERVICE_METRICS.requestDuration}_count\` with \`${
    GO_SERVICE_METRICS.labels.code
  }=~"5.."\` above ${MAX_ERROR_RATE};
- p95 latency from \`${
    GO_SERVICE_METRICS.requestDuration
  }_bucket\` above ${MAX_P95_LATENCY_SECONDS} s.

The Services carry \`prometheus.io/scrape\` annotations; Prometheus's
\`kubernetes-service-endpoints\` job labels each series with \`${
    GO_SERVICE_METRICS.serviceLabel
  }\` (the Service name) and \`namespace\`. With the Prometheus Operator, add a \`ServiceMonitor\`
selecting \`app.kubernetes.io/name: ${
    spec.name
  }\` instead. The analysis asks \`${DEFAULT_PROMETHEUS_ADDRESS}\`: change
\`provider.prometheus.address\` in \`${
    manifestFormat(spec) === 'helm' ? 'chart/templates' : 'base'
  }/analysis-template.yaml\` if your Prometheus lives elsewhere.`;
}

function rollbackBullets(spec: GoServiceSpec): string[] {
  const manual = spec.environments.filter(
    env => !ENVIRONMENT_PROFILES[env].automatedSync,
  );
  const automated = spec.environments.filter(
    env => ENVIRONMENT_PROFILES[env].automatedSync,
  );
  return [
    ...manual.map(
      env => `- **${env} has no automated sync on purpose.** The portal's rollback asks Argo CD to return
  the Application to an earlier entry of its history, which Argo CD refuses while automated sync
  is on (self-heal would undo it at once). After a rollback the Application shows OutOfSync
  until Git is brought back in line: revert the image bump in ${imagePinFile(
    spec,
    env,
  )}.`,
    ),
    ...(automated.length > 0
      ? [
          `- ${automated.join(
            ', ',
          )} sync automatically, so they roll back through Git: revert CI's bump commit.`,
        ]
      : []),
    ...(spec.canary
      ? [
          '- A canary in progress can be aborted from the portal; the stable pods keep serving.',
        ]
      : []),
  ];
}

/** Where an environment's image is pinned, as the README names it. */
function imagePinFile(spec: GoServiceSpec, environment: Environment): string {
  return manifestFormat(spec) === 'helm'
    ? `\`${HELM_IMAGE_TAG_PATH.join('.')}\` in \`chart/${helmValuesFile(
        environment,
      )}\``
    : `the \`images:\` entry of \`overlays/${environment}/kustomization.yaml\``;
}

/** The prod Application, or the Applications the prod ApplicationSet makes. */
function prodApplications(spec: GoServiceSpec): string {
  if (!usesProdApplicationSet(spec)) {
    return `\`${argoCdApplicationName(spec.name, 'prod')}\``;
  }
  return (spec.argocd.prodClusters ?? [])
    .map(c => `\`${prodClusterApplicationName(spec.name, c.name)}\``)
    .join(', ');
}

function layout(spec: GoServiceSpec): string {
  const root = gitopsRoot(spec);
  const manifests =
    manifestFormat(spec) === 'helm'
      ? `  chart/                Helm chart: workload, Services, HPA, PodDisruptionBudget, ServiceAccount,
                        namespace and ExternalSecret, in templates/
  chart/values.yaml     what every environment shares (the image repository)
  chart/values-<env>.yaml  environment, image tag (${HELM_IMAGE_TAG_PATH.join(
    '.',
  )}) and capacity of one environment`
      : `  base/                 Kustomize base: workload, Services, HPA, PodDisruptionBudget, ServiceAccount
  overlays/<env>/       namespace, capacity, image, ExternalSecret of one environment`;
  const argocd = usesProdApplicationSet(spec)
    ? `  argocd/<env>.yaml     the Argo CD Application of one environment; for prod an ApplicationSet`
    : `  argocd/<env>.yaml     the Argo CD Application of one environment`;
  return ['```', `${root}/`, manifests, argocd, '```'].join('\n');
}

/** How a production on several clusters is registered. */
function prodClustersNote(spec: GoServiceSpec): string {
  if (!usesProdApplicationSet(spec)) return '';
  return `

prod runs on ${
    (spec.argocd.prodClusters ?? []).length
  } clusters: \`argocd/prod.yaml\` is an ApplicationSet whose list generator has one
element (\`cluster\`, \`url\`) per cluster, and Argo CD makes the Applications ${prodApplications(
    spec,
  )} from it, each with the prod Application's labels, source and manual sync. Add a cluster by adding an
element.`;
}

/** README of the service's GitOps folder: layout, environments, promotion, rollback, secrets. */
export function gitopsReadme(spec: GoServiceSpec): string {
  const root = gitopsRoot(spec);
  const helm = manifestFormat(spec) === 'helm';
  const prod = spec.environments.includes('prod');
  const secretKeys = spec.environments
    .map(environment => `\`${appSecretKey(spec.name, environment)}\``)
    .join(', ');
  return `# ${spec.name}: deployment

Everything Argo CD deploys for \`${
    spec.name
  }\`. Generated with the service; edit freely, but keep
${
  helm
    ? `\`${HELM_IMAGE_TAG_PATH.join(
        '.',
      )}\` in the chart's \`values-<env>.yaml\`: CI and the portal rewrite it.`
    : "the image entries in the overlays' `kustomization.yaml`: CI rewrites them."
}

${layout(spec)}

## Environments

${environmentsTable(spec)}

The Applications are labelled \`app.kubernetes.io/part-of: ${
    spec.name
  }\` and \`environment: <env>\`; the
portal selects them with \`argocd/app-selector: app.kubernetes.io/part-of=${
    spec.name
  }\`. They were registered
with Argo CD when the service was created; to register them again:
\`kubectl apply -n ${
    spec.argocd.namespace
  } -f ${root}/argocd/\`.${prodClustersNote(spec)}

## How a change is deployed

1. A push to the service's main branch builds, signs and pushes the image
   \`${spec.imageRepository}:<commit>\`.
2. CI ${
    helm
      ? `sets \`${HELM_IMAGE_TAG_PATH.join(
          '.',
        )}\` (and \`${HELM_IMAGE_DIGEST_PATH.join('.')}\`) in the values files`
      : 'runs `kustomize edit set image` in the overlays'
  } of the automatically synced environments
   and pushes the commit to \`${GITOPS_BRANCH}\`; Argo CD deploys it.${
    prod
      ? `
3. **prod is promoted by a person**: copy the image (tag and digest) from
   ${imagePinFile(spec, 'staging')} (or dev) to ${imagePinFile(
          spec,
          'prod',
        )}, merge, then sync
   ${prodApplications(
     spec,
   )} from the portal or Argo CD. Until the first build the image tag is
   \`${INITIAL_IMAGE_TAG}\`.`
      : ''
  }

## Rollback

${rollbackBullets(spec).join('\n')}

${canarySection(spec)}

## Error budget

\`monitoring/slo-rules.yaml\` holds Prometheus rules for a ${
    spec.availabilityObjective ?? DEFAULT_AVAILABILITY_OBJECTIVE
  } % availability objective over 30 days: the share of 5xx answers recorded over 5 min to 3 days
(\`slo:sli_error:ratio_rate<window>\`), and \`ErrorBudgetBurn\` alerts with multiple windows: a page
when the budget burns 14.4× (1 h and 5 min) or 6× (6 h and 30 min) too fast, a ticket at 3× (1 d
and 2 h) or 1× (3 d and 6 h). Load it with \`rule_files\`, or wrap its \`groups\` in a PrometheusRule.

## Secrets

Never in this repository. Each environment's \`ExternalSecret\` reads the key ${secretKeys} from the
\`ClusterSecretStore\` \`${spec.secretStore}\` and writes the Secret \`${
    gitopsNames(spec.name).appSecret
  }\`, whose properties become environment
variables of the container. Create the key (it may be empty) before the first sync, or the
ExternalSecret reports an error.
`;
}
