import {
  applicationSources,
  deployedRevision,
  gitopsRevision,
  gitopsSourceIndex,
  sameRevision,
  sourceRevision,
} from './revisions';

const commit = '11499ad00d941156360112d8c7debbd473d1b827';
const older = '6ba61cae0f235f9626bdba028d9732e47b6cbb96';
const multiSource = {
  spec: {
    // Argo CD ignores `source` once `sources` is set.
    source: { repoURL: 'https://ignored.example.com' },
    sources: [
      {
        repoURL: 'https://charts.example.com',
        chart: 'go-service',
        targetRevision: '0.4.*',
      },
      {
        repoURL: 'https://github.com/example-org/gitops',
        targetRevision: 'main',
        ref: 'values',
      },
    ],
  },
};

describe('Argo CD revisions', () => {
  it('reads one revision, or the per-source ones joined in source order', () => {
    expect(deployedRevision({ revision: commit })).toBe(commit);
    expect(
      deployedRevision({ revision: '', revisions: ['0.4.2', commit] }),
    ).toBe(`0.4.2,${commit}`);
    expect(deployedRevision({ revisions: [] })).toBeUndefined();
    expect(deployedRevision({ revisions: ['', ''] })).toBeUndefined();
    expect(deployedRevision(undefined)).toBeUndefined();
  });

  it('compares every source: a new chart version at the same commit is another deploy', () => {
    expect(
      sameRevision(
        { revisions: ['0.4.2', commit] },
        { revisions: ['0.4.2', commit] },
      ),
    ).toBe(true);
    expect(
      sameRevision(
        { revisions: ['0.4.1', commit] },
        { revisions: ['0.4.2', commit] },
      ),
    ).toBe(false);
    expect(sameRevision({ revision: commit }, { revision: older })).toBe(false);
    expect(sameRevision({}, {})).toBe(false);
  });

  it('finds the GitOps source of a multi-source application and its commit', () => {
    expect(applicationSources(multiSource).map(s => s.chart ?? s.ref)).toEqual([
      'go-service',
      'values',
    ]);
    expect(gitopsSourceIndex(multiSource)).toBe(1);
    expect(gitopsRevision(multiSource, { revisions: ['0.4.2', commit] })).toBe(
      commit,
    );
    expect(sourceRevision({ revisions: ['0.4.2', commit] }, 0)).toBe('0.4.2');
    // A single source: its revision is source 0's.
    const single = {
      spec: {
        source: { repoURL: 'https://github.com/x/y', path: 'overlays/prod' },
      },
    };
    expect(gitopsSourceIndex(single)).toBe(0);
    expect(gitopsRevision(single, { revision: older })).toBe(older);
    // Only a chart: no GitOps source.
    const chartOnly = {
      spec: { source: { repoURL: 'https://charts.example.com', chart: 'c' } },
    };
    expect(gitopsSourceIndex(chartOnly)).toBe(-1);
    expect(gitopsRevision(chartOnly, { revision: '1.0.0' })).toBeUndefined();
  });
});
