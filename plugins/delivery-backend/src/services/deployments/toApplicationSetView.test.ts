import { loadArgoCdFixtures, REFERENCE_DIR } from '@go-delivery/sandbox';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  describeGenerator,
  toApplicationSetView,
} from './toApplicationSetView';

const shipping =
  loadArgoCdFixtures().prod.applicationSets!['shipping-api-prod'];

describe('toApplicationSetView', () => {
  it('reads the progressive-sync reference example: its conditions, and no steps without the RollingSync type', () => {
    // Argo CD's own health-check fixture: `rollingSync` steps but no `strategy.type`, which the
    // controller needs to run them; conditions only, no applicationStatus.
    const appSet = parse(
      readFileSync(
        join(
          REFERENCE_DIR,
          'examples/argo-cd/argocd-health-progressiveSyncApplicationSet.yaml',
        ),
        'utf8',
      ),
    );
    expect(
      toApplicationSetView({
        instance: 'prod',
        name: 'cluster-git',
        namespace: 'argocd',
        applications: ['guestbook-dev'],
        appSet,
      }),
    ).toEqual({
      instance: 'prod',
      name: 'cluster-git',
      namespace: 'argocd',
      applications: ['guestbook-dev'],
      generators: ['merge'],
      steps: [],
      conditions: [
        {
          type: 'RolloutProgressing',
          status: 'True',
          reason: 'ApplicationSetModified',
          message: 'ApplicationSet is performing rollout of step 1',
        },
      ],
    });
  });

  it('reads a finished progressive sync from the reference data, warts and all', () => {
    // Argo CD's metrics test ApplicationSet: three steps over nine applications, all Healthy;
    // step 2 matches the misspelt label key `environmen`, yet its applications stand at step 2.
    const appSet = parse(
      readFileSync(
        join(
          REFERENCE_DIR,
          'examples/argo-cd/argocd-metrics-test-progressiveSyncApplicationSet.yaml',
        ),
        'utf8',
      ),
    );
    const view = toApplicationSetView({
      instance: 'prod',
      name: 'appset-progressive-sync-enabled',
      applications: ['refresh-staging-app3', 'refresh-staging-app4'],
      appSet,
    });
    expect(view.generators).toEqual(['list']);
    expect(view.rollingSyncSteps).toEqual([
      { match: ['environment In (dev)'] },
      { match: ['environmen In (staging)'] },
      { match: ['environment In (prod)'] },
    ]);
    expect(view.steps.map(s => [s.application, s.step, s.status])).toEqual([
      ['refresh-staging-app3', '2', 'Healthy'],
      ['refresh-staging-app4', '2', 'Healthy'],
    ]);
    // Rollout finished, config valid, nothing failed: nothing to look at.
    expect(view.conditions).toEqual([]);
  });

  it("shows the steps of the entity's applications only", () => {
    const view = toApplicationSetView({
      instance: 'prod',
      name: 'shipping-api-prod',
      applications: ['shipping-api-prod-us'],
      appSet: shipping,
    });
    expect(view.steps).toEqual([
      {
        application: 'shipping-api-prod-us',
        status: 'Pending',
        step: '2',
        message: expect.stringContaining('moved to Pending'),
        lastTransitionTime: '2026-01-14T12:03:00Z',
      },
    ]);
    expect(view.rollingSyncSteps).toEqual([
      { match: ['region In (eu)'] },
      { match: ['region In (us)'], maxUpdate: 1 },
    ]);
  });

  it('shows an error condition, and a check that failed', () => {
    const view = toApplicationSetView({
      instance: 'prod',
      name: 'broken',
      applications: [],
      appSet: {
        status: {
          conditions: [
            { type: 'ErrorOccurred', status: 'True', message: 'bad template' },
            { type: 'InvalidRolloutConfig', status: 'True', message: 'x' },
            { type: 'InvalidRolloutConfig', status: 'False' },
            { type: 'ParametersGenerated', status: 'False', reason: 'x' },
            { type: 'ResourcesUpToDate', status: 'True' },
            { type: 'RolloutProgressing', status: 'False' },
          ],
        },
      },
    });
    expect(view.conditions.map(c => `${c.type}=${c.status}`)).toEqual([
      'ErrorOccurred=True',
      'InvalidRolloutConfig=True',
      'ParametersGenerated=False',
    ]);
  });

  it('names a generator by its kind, and a combining one with what it combines', () => {
    expect(describeGenerator({ list: { elements: [] } })).toBe('list');
    // A post-selector sits beside the generator; it is not one.
    expect(
      describeGenerator({ selector: { matchLabels: {} }, clusters: {} }),
    ).toBe('clusters');
    expect(
      describeGenerator({
        matrix: {
          generators: [
            { git: { repoURL: 'x' } },
            { merge: { generators: [{ clusters: {} }, { list: {} }] } },
          ],
        },
      }),
    ).toBe('matrix(git, merge(clusters, list))');
    expect(describeGenerator({})).toBe('unknown');
  });
});
