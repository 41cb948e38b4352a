import {
  FakeKubernetes,
  loadKubernetesFixtures,
  readYamlObjects,
  REFERENCE_DIR,
} from '@go-delivery/sandbox';
import { join, resolve } from 'node:path';

/** Picked by the entity of the reference answers (`backstage.io/kubernetes-label-selector`). */
export const REFERENCE_LABEL = {
  key: 'app.kubernetes.io/part-of',
  value: 'reference-rollouts',
};

/** The token both reference clusters accept. */
export const REFERENCE_TOKEN = 'reference-token';

/** The Argo Rollouts reference examples served as they are (see reference/SOURCES.md). */
const REFERENCE_EXAMPLES = [
  'rollout-aborted-rollout.yaml',
  'rollout-aborted-analysisrun.yaml',
];

// Test code runs from source, never bundled: its YAML input sits next to it.
// eslint-disable-next-line no-restricted-syntax
const LEGACY_ROLLOUT_FILE = resolve(__dirname, 'legacy-api.yaml');

/**
 * Rollouts carry no label the entity could select them by in the examples: the label is added to
 * the Rollouts only, nothing else of the objects changes.
 */
function labelled(object: any): any {
  if (object.kind !== 'Rollout') return object;
  return {
    ...object,
    metadata: {
      ...object.metadata,
      labels: {
        ...object.metadata?.labels,
        [REFERENCE_LABEL.key]: REFERENCE_LABEL.value,
      },
    },
  };
}

/**
 * Two clusters besides the sandbox's: `ref` with an aborted canary of the Argo Rollouts reference
 * examples, `legacy` with the sparse Rollout of an old controller.
 */
export async function startReferenceClusters(): Promise<
  Record<'ref' | 'legacy', FakeKubernetes>
> {
  const dir = join(REFERENCE_DIR, 'examples', 'argo-rollouts');
  const start = (name: string, files: string[]) =>
    FakeKubernetes.start({
      name,
      fixtures: {
        objects: files.flatMap(file => readYamlObjects(file).map(labelled)),
        logs: {},
      },
      tokens: { [REFERENCE_TOKEN]: { name: 'delivery' } },
    });
  return {
    ref: await start(
      'ref',
      REFERENCE_EXAMPLES.map(file => join(dir, file)),
    ),
    legacy: await start('legacy', [LEGACY_ROLLOUT_FILE]),
  };
}

/** The token of the CI cluster below: it may list PipelineRuns, not TaskRuns. */
export const PIPELINE_RUNS_ONLY_TOKEN = 'pipelineruns-only-token';

/**
 * The sandbox's CI cluster once more, for a service account that may list PipelineRuns but not
 * TaskRuns: what the backend answers when Kubernetes refuses part of a read.
 */
export async function startPipelineRunsOnlyCluster(): Promise<FakeKubernetes> {
  return FakeKubernetes.start({
    name: 'ci',
    fixtures: loadKubernetesFixtures().ci,
    tokens: {
      [PIPELINE_RUNS_ONLY_TOKEN]: {
        name: 'delivery',
        resources: ['pipelineruns'],
      },
    },
  });
}
