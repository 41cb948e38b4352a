import { join } from 'node:path';
import { REFERENCE_DIR } from '../paths';
import { readYamlObjects } from './fixtures';
import { konfluxReferenceRuns, servedAsTektonV1 } from './referenceTektonRuns';

const captured = (file: string) =>
  readYamlObjects(join(REFERENCE_DIR, 'examples', 'tekton', file))[0];

describe('servedAsTektonV1', () => {
  it("moves a run's and a TaskRun's v1beta1 result lists to results, values unchanged", () => {
    const run = captured('konflux-mockComponentDetails-pr.yaml');
    const served = servedAsTektonV1(run);
    expect(served.status.pipelineResults).toBeUndefined();
    expect(served.status.results).toEqual(run.status.pipelineResults);
    expect(served.status.childReferences).toEqual(run.status.childReferences);
    expect(served.metadata).toEqual(run.metadata);
    // A copy: the capture is left as it was.
    expect(run.status.pipelineResults).toHaveLength(5);

    const taskRun = captured('konflux-mockComponentDetails-tr-clair-scan.yaml');
    const servedTaskRun = servedAsTektonV1(taskRun);
    expect(servedTaskRun.status.taskResults).toBeUndefined();
    expect(servedTaskRun.status.results.map((r: any) => r.name)).toEqual([
      'CLAIR_SCAN_RESULT',
      'TEST_OUTPUT',
    ]);
    expect(servedTaskRun.status.podName).toBe(
      'human-resources-on-push-z79cl-clair-scan-pod',
    );
  });

  it('says tekton.dev/v1, gives a TaskRun without a pod an empty podName, and adds no results where there are none', () => {
    const served = servedAsTektonV1({
      apiVersion: 'tekton.dev/v1beta1',
      kind: 'TaskRun',
      metadata: { name: 't' },
      status: { conditions: [] },
    });
    expect(served).toEqual({
      apiVersion: 'tekton.dev/v1',
      kind: 'TaskRun',
      metadata: { name: 't' },
      status: { conditions: [], podName: '' },
    });
    expect(
      servedAsTektonV1({ kind: 'PipelineRun', metadata: { name: 'p' } }),
    ).toEqual({
      apiVersion: 'tekton.dev/v1',
      kind: 'PipelineRun',
      metadata: { name: 'p' },
    });
  });
});

describe('konfluxReferenceRuns', () => {
  it('is the captured run and its two TaskRuns, in their namespace, with times as captured', () => {
    const objects = konfluxReferenceRuns();
    expect(
      objects.map(o => [
        o.apiVersion,
        o.kind,
        o.metadata.namespace,
        o.metadata.name,
        o.status.startTime,
      ]),
    ).toEqual([
      [
        'tekton.dev/v1',
        'PipelineRun',
        'test-ns',
        'human-resources-on-push-z79cl',
        '2023-07-31T09:54:31Z',
      ],
      [
        'tekton.dev/v1',
        'TaskRun',
        'test-ns',
        'human-resources-on-push-z79cl-build-container',
        '2023-07-31T09:55:02Z',
      ],
      [
        'tekton.dev/v1',
        'TaskRun',
        'test-ns',
        'human-resources-on-push-z79cl-clair-scan',
        '2023-07-31T09:56:34Z',
      ],
    ]);
    expect(
      objects.every(
        o =>
          o.metadata.labels['appstudio.openshift.io/component'] ===
          'human-resources',
      ),
    ).toBe(true);
  });
});
