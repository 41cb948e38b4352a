import { rerunManifest, rerunNamePrefix } from './rerunManifest';
import { readRevisionInfo } from './revisionInfo';
import { statusOf, stepStatusOf } from './tektonStatus';
import { PipelineRunResource } from './tektonTypes';
import { toPipelineRunView } from './toPipelineRunView';

const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('statusOf', () => {
  it.each([
    [{ status: 'True', reason: 'Succeeded' }, 'succeeded'],
    [{ status: 'True', reason: 'Completed' }, 'succeeded'],
    [{ status: 'False', reason: 'Failed' }, 'failed'],
    [{ status: 'False', reason: 'CouldntGetPipeline' }, 'failed'],
    [{ status: 'False', reason: 'Cancelled' }, 'cancelled'],
    [{ status: 'False', reason: 'PipelineRunCancelled' }, 'cancelled'],
    [{ status: 'False', reason: 'StoppedRunFinally' }, 'cancelled'],
    [{ status: 'False', reason: 'TaskRunCancelled' }, 'cancelled'],
    [{ status: 'False', reason: 'PipelineRunTimeout' }, 'timed-out'],
    [{ status: 'False', reason: 'TaskRunTimeout' }, 'timed-out'],
    [{ status: 'Unknown', reason: 'Running' }, 'running'],
    [{ status: 'Unknown', reason: 'CancelledRunningFinally' }, 'running'],
    [{ status: 'Unknown', reason: 'PipelineRunPending' }, 'pending'],
    [{ status: 'Unknown', reason: 'ResolvingPipelineRef' }, 'pending'],
    [{ status: 'Maybe' }, 'unknown'],
  ])('%j → %s', (condition, expected) => {
    expect(statusOf({ condition: { type: 'Succeeded', ...condition } })).toBe(
      expected,
    );
  });

  it('without a condition: pending until it has a start time', () => {
    expect(statusOf({})).toBe('pending');
    expect(statusOf({ specStatus: 'PipelineRunPending', startTime: 'x' })).toBe(
      'pending',
    );
    expect(statusOf({ startTime: '2026-01-01T00:00:00Z' })).toBe('running');
  });

  it('reads step states', () => {
    expect(
      stepStatusOf({ terminated: { exitCode: 0, reason: 'Completed' } }).status,
    ).toBe('succeeded');
    expect(
      stepStatusOf({ terminated: { exitCode: 2, reason: 'Error' } }),
    ).toMatchObject({
      status: 'failed',
      exitCode: 2,
    });
    expect(
      stepStatusOf({
        terminated: { exitCode: 1 },
        terminationReason: 'Skipped',
      }).status,
    ).toBe('skipped');
    expect(
      stepStatusOf({ terminated: { exitCode: 1, reason: 'TaskRunCancelled' } })
        .status,
    ).toBe('cancelled');
    expect(stepStatusOf({ waiting: { reason: 'PodInitializing' } })).toEqual({
      status: 'pending',
      reason: 'PodInitializing',
    });
    expect(stepStatusOf({ name: 'x' })).toEqual({ status: 'unknown' });
  });
});

describe('readRevisionInfo', () => {
  const run = (
    params: Array<[string, unknown]>,
    metadata: object = {},
  ): PipelineRunResource => ({
    metadata,
    spec: { params: params.map(([name, value]) => ({ name, value })) },
  });

  it('prefers Pipelines-as-Code annotations to labels and params', () => {
    expect(
      readRevisionInfo(
        run(
          [
            ['revision', 'f'.repeat(40)],
            ['branch', 'other'],
          ],
          {
            labels: {
              'pipelinesascode.tekton.dev/sha': 'e'.repeat(40),
              'pipelinesascode.tekton.dev/branch': 'main',
            },
            annotations: {
              'pipelinesascode.tekton.dev/sha': SHA,
              'pipelinesascode.tekton.dev/source-branch':
                'refs/heads/feature/x',
              'pipelinesascode.tekton.dev/repo-url':
                'https://github.com/example-org/payments-api',
              'pipelinesascode.tekton.dev/event-type': 'pull_request',
            },
          },
        ),
      ),
    ).toEqual({
      commit: SHA,
      branch: 'feature/x',
      repositoryUrl: 'https://github.com/example-org/payments-api',
      eventType: 'pull_request',
    });
  });

  it('reads params: a SHA revision is the commit, another revision the branch', () => {
    expect(
      readRevisionInfo(
        run([
          ['git-revision', SHA.toUpperCase()],
          ['git-url', 'git@github.com:o/r.git'],
        ]),
      ),
    ).toEqual({
      commit: SHA,
      repositoryUrl: 'git@github.com:o/r.git',
    });
    expect(readRevisionInfo(run([['revision', 'release-1.2']]))).toEqual({
      branch: 'release-1.2',
    });
  });

  it('leaves out values that do not look right', () => {
    expect(
      readRevisionInfo(
        run([
          ['revision', 'not a sha\nsecond line'],
          ['commit', 'xyz'],
          ['url', 'data:text/html,<script>alert(1)</script>'],
          ['branch', ['array']],
          ['repo-url', 'file:///etc/passwd'],
        ]),
      ),
    ).toEqual({});
    expect(readRevisionInfo({})).toEqual({});
  });
});

describe('rerunManifest', () => {
  const original: PipelineRunResource = {
    apiVersion: 'tekton.dev/v1',
    kind: 'PipelineRun',
    metadata: {
      name: 'payments-api-ci-7xk2p',
      generateName: 'payments-api-ci-',
      namespace: 'payments',
      uid: 'u',
      resourceVersion: '42',
      generation: 2,
      creationTimestamp: '2026-01-14T05:20:00Z',
      labels: {
        'backstage.io/kubernetes-id': 'payments-api',
        'tekton.dev/pipeline': 'go-service-ci',
        'pipelinesascode.tekton.dev/state': 'completed',
        'pipelinesascode.tekton.dev/sha': SHA,
      },
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': '{}',
        'results.tekton.dev/record': 'x',
        'chains.tekton.dev/signed': 'true',
        'pipelinesascode.tekton.dev/sha-title': 'title',
      },
      ownerReferences: [{ kind: 'Repository', name: 'payments-api', uid: 'r' }],
    },
    spec: {
      pipelineRef: { name: 'go-service-ci' },
      params: [{ name: 'revision', value: SHA }],
      status: 'Cancelled',
      timeouts: { pipeline: '1h0m0s' },
    },
    status: {
      conditions: [{ type: 'Succeeded', status: 'False', reason: 'Cancelled' }],
    },
  };

  it('keeps spec and labels, drops what controllers and the API server wrote', () => {
    expect(
      rerunManifest(original, { requestedBy: 'user:default/alice' }),
    ).toEqual({
      apiVersion: 'tekton.dev/v1',
      kind: 'PipelineRun',
      metadata: {
        generateName: 'payments-api-ci-',
        namespace: 'payments',
        labels: {
          'backstage.io/kubernetes-id': 'payments-api',
          'pipelinesascode.tekton.dev/sha': SHA,
        },
        annotations: {
          'pipelinesascode.tekton.dev/sha-title': 'title',
          'go-delivery.dev/rerun-of': 'payments-api-ci-7xk2p',
          'go-delivery.dev/rerun-by': 'user:default/alice',
        },
      },
      spec: {
        pipelineRef: { name: 'go-service-ci' },
        params: [{ name: 'revision', value: SHA }],
        timeouts: { pipeline: '1h0m0s' },
      },
    });
  });

  it('names reruns after the original’s generateName, else its name', () => {
    expect(rerunNamePrefix(original)).toBe('payments-api-ci-');
    expect(rerunNamePrefix({ metadata: { name: 'nightly' } })).toBe('nightly-');
    expect(
      rerunNamePrefix({ metadata: { name: 'x'.repeat(63) } }),
    ).toHaveLength(58);
  });
});

describe('toPipelineRunView', () => {
  it('uses the TaskRun status a v1beta1 run embeds when the TaskRun itself is gone', () => {
    const view = toPipelineRunView({
      cluster: 'ci',
      now: Date.parse('2026-01-01T00:10:00Z'),
      taskRuns: [],
      run: {
        metadata: { name: 'old', namespace: 'ns' },
        status: {
          startTime: '2026-01-01T00:00:00Z',
          conditions: [
            { type: 'Succeeded', status: 'Unknown', reason: 'Running' },
          ],
          taskRuns: {
            'old-build-abcde': {
              pipelineTaskName: 'build',
              status: {
                podName: 'old-build-abcde-pod',
                startTime: '2026-01-01T00:00:05Z',
                conditions: [
                  { type: 'Succeeded', status: 'True', reason: 'Succeeded' },
                ],
                completionTime: '2026-01-01T00:01:05Z',
                steps: [{ name: 'compile', terminated: { exitCode: 0 } }],
              },
            },
          },
        },
      },
    });
    expect(view).toMatchObject({
      status: 'running',
      durationMs: 600_000,
      taskRuns: [
        {
          name: 'old-build-abcde',
          pipelineTaskName: 'build',
          status: 'succeeded',
          durationMs: 60_000,
          hasLogs: true,
          steps: [{ name: 'compile', status: 'succeeded' }],
        },
      ],
    });
  });

  it('copes with an object that has nothing but a name', () => {
    expect(
      toPipelineRunView({
        cluster: 'ci',
        now: 0,
        taskRuns: [{ metadata: { name: 'x' } }],
        run: { metadata: { name: 'r' } },
      }),
    ).toEqual({
      cluster: 'ci',
      namespace: '',
      name: 'r',
      status: 'pending',
      cancellable: true,
      taskRuns: [],
      skippedTasks: [],
    });
  });
});
