import { slimTaskRun } from './slimResources';
import { readSupplyChain } from './supplyChain';
import { PipelineRunResource, TaskRunResource } from './tektonTypes';
import { toPipelineRunView } from './toPipelineRunView';

const DIGEST = `sha256:${'a'.repeat(64)}`;

function run(
  results: Array<{ name?: string; value?: unknown }>,
  key: 'results' | 'pipelineResults' = 'results',
): PipelineRunResource {
  return {
    metadata: { name: 'r', namespace: 'ci' },
    status: { [key]: results },
  };
}

function taskRun(
  name: string,
  results: Array<{ name?: string; value?: unknown }>,
  key: 'results' | 'taskResults' = 'results',
): TaskRunResource {
  return { metadata: { name, namespace: 'ci' }, status: { [key]: results } };
}

const CLAIR =
  '{"vulnerabilities":{"critical":0,"high":2,"medium":7,"low":3}}\n';

const ACS = JSON.stringify({
  vulnerabilities: { critical: 0, high: 9, medium: 2, low: 13, unknown: 0 },
  unpatched_vulnerabilities: { critical: 0, high: 1, medium: 0, low: 1 },
});

describe('readSupplyChain', () => {
  it('reads what the generated pipeline writes', () => {
    expect(
      readSupplyChain(
        run([
          { name: 'IMAGE_URL', value: 'registry.example.com/payments-api:1' },
          { name: 'IMAGE_DIGEST', value: DIGEST },
          {
            name: 'SCAN_OUTPUT',
            value:
              '{"vulnerabilities":{"critical":0,"high":0,"medium":0,"low":0,"unknown":2},"total":2,"scanner":"govulncheck"}\n',
          },
          {
            name: 'SBOM_URI',
            value: `registry.example.com/payments-api@${DIGEST}`,
          },
          { name: 'SBOM_PREDICATE_TYPE', value: 'https://spdx.dev/Document' },
          { name: 'SIGNATURE_VERIFIED', value: 'true\n' },
        ]),
      ),
    ).toEqual({
      sbom: {
        uri: `registry.example.com/payments-api@${DIGEST}`,
        predicateType: 'https://spdx.dev/Document',
        source: 'SBOM_URI',
      },
      vulnerabilities: {
        critical: 0,
        high: 0,
        medium: 0,
        low: 0,
        unknown: 2,
        total: 2,
        source: 'SCAN_OUTPUT',
      },
      signature: { verified: true },
    });
  });

  it('reads the community shape from any *_SCAN_OUTPUT, v1beta1 results too', () => {
    expect(
      readSupplyChain(
        run([{ name: 'ACS_IMAGE_SCAN_OUTPUT', value: ACS }], 'pipelineResults'),
      ),
    ).toEqual({
      vulnerabilities: {
        critical: 0,
        high: 9,
        medium: 2,
        low: 13,
        unknown: 0,
        total: 24,
        source: 'ACS_IMAGE_SCAN_OUTPUT',
      },
    });
  });

  it('prefers our SCAN_OUTPUT, then *_SCAN_OUTPUT, then Clair; skips a malformed one', () => {
    const clair = JSON.stringify({
      vulnerabilities: { critical: 1, high: 0, medium: 0, low: 0 },
    });
    expect(
      readSupplyChain(
        run([
          { name: 'CLAIR_SCAN_RESULT', value: clair },
          { name: 'ACS_IMAGE_SCAN_OUTPUT', value: ACS },
          { name: 'SCAN_OUTPUT', value: 'not json' },
        ]),
      )?.vulnerabilities?.source,
    ).toBe('ACS_IMAGE_SCAN_OUTPUT');
    expect(
      readSupplyChain(run([{ name: 'CLAIR_SCAN_RESULT', value: clair }]))
        ?.vulnerabilities,
    ).toMatchObject({ critical: 1, total: 1, source: 'CLAIR_SCAN_RESULT' });
  });

  it('reads an object result, whose values Tekton keeps as strings', () => {
    expect(
      readSupplyChain(
        run([
          {
            name: 'SCAN_OUTPUT',
            value: { critical: '1', high: '2', medium: '0', low: '0' },
          },
        ]),
      )?.vulnerabilities,
    ).toEqual({
      critical: 1,
      high: 2,
      medium: 0,
      low: 0,
      total: 3,
      source: 'SCAN_OUTPUT',
    });
  });

  it('takes the SBOM names other pipelines use', () => {
    expect(
      readSupplyChain(
        run([
          {
            name: 'SBOM_BLOB_URL',
            value: `quay.io/org/app@sha256:${'b'.repeat(64)}`,
          },
        ]),
      )?.sbom,
    ).toEqual({
      uri: `quay.io/org/app@sha256:${'b'.repeat(64)}`,
      source: 'SBOM_BLOB_URL',
    });
    expect(
      readSupplyChain(
        run([
          {
            name: 'LINK_TO_SBOM',
            value: 'https://sbom.example.com/app/1.json',
          },
        ]),
      )?.sbom?.uri,
    ).toBe('https://sbom.example.com/app/1.json');
  });

  it.each([
    [
      'a negative count',
      '{"vulnerabilities":{"critical":-1,"high":0,"medium":0,"low":0}}',
    ],
    [
      'a fraction',
      '{"vulnerabilities":{"critical":0.5,"high":0,"medium":0,"low":0}}',
    ],
    [
      'a missing severity',
      '{"vulnerabilities":{"critical":0,"high":0,"medium":0}}',
    ],
    [
      'a huge count',
      '{"vulnerabilities":{"critical":1e12,"high":0,"medium":0,"low":0}}',
    ],
    [
      'a bad unknown',
      '{"vulnerabilities":{"critical":0,"high":0,"medium":0,"low":0,"unknown":"x"}}',
    ],
    ['an array', '[1,2,3]'],
    ['broken JSON', '{"vulnerabilities":'],
    [
      'a huge value',
      `{"vulnerabilities":{"critical":0,"high":0,"medium":0,"low":0},"pad":"${'x'.repeat(
        20000,
      )}"}`,
    ],
  ])('leaves out a scan result with %s', (_, value) => {
    expect(
      readSupplyChain(run([{ name: 'SCAN_OUTPUT', value }])),
    ).toBeUndefined();
  });

  it('takes a total only when it covers the counts', () => {
    const value = (total: unknown) =>
      JSON.stringify({
        vulnerabilities: { critical: 1, high: 1, medium: 0, low: 0, total },
      });
    expect(
      readSupplyChain(run([{ name: 'SCAN_OUTPUT', value: value(5) }]))
        ?.vulnerabilities?.total,
    ).toBe(5);
    expect(
      readSupplyChain(run([{ name: 'SCAN_OUTPUT', value: value(1) }]))
        ?.vulnerabilities?.total,
    ).toBe(2);
  });

  it('leaves out garbage SBOM references and signature values', () => {
    expect(
      readSupplyChain(
        run([
          { name: 'SBOM_URI', value: ['javascript', 'alert(1)'].join(':') },
          { name: 'SBOM_BLOB_URL', value: 'has spaces in it' },
          { name: 'LINK_TO_SBOM', value: 42 },
          { name: 'SIGNATURE_VERIFIED', value: 'maybe' },
        ]),
      ),
    ).toBeUndefined();
    expect(
      readSupplyChain(
        run([
          { name: 'SBOM_URI', value: `reg.example.com/a@${DIGEST}` },
          { name: 'SBOM_PREDICATE_TYPE', value: '<script>' },
          { name: 'SIGNATURE_VERIFIED', value: 'False' },
        ]),
      ),
    ).toEqual({
      sbom: { uri: `reg.example.com/a@${DIGEST}`, source: 'SBOM_URI' },
      signature: { verified: false },
    });
  });

  it('copes with runs without results or with junk in them', () => {
    expect(readSupplyChain({})).toBeUndefined();
    expect(
      readSupplyChain({
        status: { results: [null, 7, { value: 'x' }] as any },
      }),
    ).toBeUndefined();
    expect(
      readSupplyChain({ status: { results: 'nope' as any } }),
    ).toBeUndefined();
  });

  it('puts it on the view beside the image, and leaves it out when there is nothing', () => {
    const view = toPipelineRunView({
      cluster: 'c',
      run: run([
        { name: 'IMAGE_DIGEST', value: DIGEST },
        { name: 'SIGNATURE_VERIFIED', value: 'true' },
      ]),
      taskRuns: [],
      now: 0,
    });
    expect(view.image).toEqual({ digest: DIGEST });
    expect(view.supplyChain).toEqual({ signature: { verified: true } });
    expect(
      'supplyChain' in
        toPipelineRunView({ cluster: 'c', run: run([]), taskRuns: [], now: 0 }),
    ).toBe(false);
  });

  it("reads a scan from the run's TaskRuns when the run has none, v1 and v1beta1 results", () => {
    expect(
      readSupplyChain(run([]), [
        taskRun('b-build', [{ name: 'IMAGE_DIGEST', value: DIGEST }]),
        taskRun(
          'b-clair-scan',
          [{ name: 'CLAIR_SCAN_RESULT', value: CLAIR }],
          'taskResults',
        ),
      ]),
    ).toEqual({
      vulnerabilities: {
        critical: 0,
        high: 2,
        medium: 7,
        low: 3,
        total: 12,
        source: 'CLAIR_SCAN_RESULT',
        taskRun: 'b-clair-scan',
      },
    });
    // The first TaskRun by name with a readable scan; in each, the same order as on the run.
    expect(
      readSupplyChain(run([]), [
        taskRun('c-acs', [{ name: 'ACS_IMAGE_SCAN_OUTPUT', value: ACS }]),
        taskRun('b-scan', [
          { name: 'CLAIR_SCAN_RESULT', value: CLAIR },
          { name: 'SCAN_OUTPUT', value: 'not json' },
          { name: 'TRIVY_SCAN_OUTPUT', value: ACS },
        ]),
        taskRun('a-broken', [{ name: 'SCAN_OUTPUT', value: '{"high":1}' }]),
      ])?.vulnerabilities,
    ).toMatchObject({ source: 'TRIVY_SCAN_OUTPUT', taskRun: 'b-scan' });
  });

  it("prefers the run's own scan, and takes nothing else from TaskRuns", () => {
    const taskRuns = [
      taskRun('x-scan', [{ name: 'CLAIR_SCAN_RESULT', value: CLAIR }]),
      taskRun('x-sign', [
        { name: 'SIGNATURE_VERIFIED', value: 'true' },
        { name: 'SBOM_URI', value: `reg.example.com/a@${DIGEST}` },
      ]),
    ];
    expect(
      readSupplyChain(run([{ name: 'SCAN_OUTPUT', value: ACS }]), taskRuns)
        ?.vulnerabilities,
    ).toMatchObject({ source: 'SCAN_OUTPUT', high: 9 });
    expect(
      readSupplyChain(run([{ name: 'SCAN_OUTPUT', value: ACS }]), taskRuns)
        ?.vulnerabilities?.taskRun,
    ).toBeUndefined();
    expect(readSupplyChain(run([]), [taskRuns[1]])).toBeUndefined();
  });

  it('reads Tekton Chains signing from the run, apart from the signature check', () => {
    const annotated = (value: string): PipelineRunResource => ({
      metadata: {
        name: 'r',
        annotations: { 'chains.tekton.dev/signed': value },
      },
      status: { results: [{ name: 'SIGNATURE_VERIFIED', value: 'false' }] },
    });
    expect(readSupplyChain(annotated('true'))).toEqual({
      signature: { verified: false },
      chains: { signed: true },
    });
    expect(readSupplyChain(annotated('failed'))?.chains).toEqual({
      signed: false,
    });
    // `skipped` (Chains not configured for it) and anything else say nothing.
    for (const value of ['skipped', 'True', 'yes', '']) {
      expect(readSupplyChain(annotated(value))?.chains).toBeUndefined();
    }
    // A run without results still has the fact.
    expect(
      readSupplyChain({
        metadata: { annotations: { 'chains.tekton.dev/signed': 'true' } },
      }),
    ).toEqual({ chains: { signed: true } });
  });

  it("uses only the run's own TaskRuns, listed or embedded, on the view", () => {
    const scan = taskRun('other-run-scan', [
      { name: 'CLAIR_SCAN_RESULT', value: CLAIR },
    ]);
    expect(
      toPipelineRunView({
        cluster: 'c',
        run: run([]),
        taskRuns: [scan],
        now: 0,
      }).supplyChain,
    ).toBeUndefined();
    const withChild: PipelineRunResource = {
      ...run([]),
      status: {
        childReferences: [{ kind: 'TaskRun', name: 'other-run-scan' }],
      },
    };
    expect(
      toPipelineRunView({
        cluster: 'c',
        run: withChild,
        taskRuns: [scan],
        now: 0,
      }).supplyChain?.vulnerabilities?.taskRun,
    ).toBe('other-run-scan');
    // A v1beta1 run from before Tekton 0.45 embeds its TaskRuns' status, results included.
    const embedded: PipelineRunResource = {
      metadata: { name: 'old' },
      status: {
        taskRuns: {
          'old-clair-scan': {
            pipelineTaskName: 'clair-scan',
            status: {
              taskResults: [{ name: 'CLAIR_SCAN_RESULT', value: CLAIR }],
            },
          },
        },
      },
    };
    expect(
      toPipelineRunView({ cluster: 'c', run: embedded, taskRuns: [], now: 0 })
        .supplyChain?.vulnerabilities,
    ).toMatchObject({ high: 2, taskRun: 'old-clair-scan' });
  });

  it('keeps of a listed TaskRun only its scan results', () => {
    const slim = slimTaskRun({
      metadata: { name: 't' },
      status: {
        results: [
          { name: 'IMAGE_DIGEST', value: DIGEST },
          { name: 'ACS_IMAGE_SCAN_OUTPUT', value: ACS },
          null as any,
        ],
        taskResults: [{ name: 'BASE_IMAGES_DIGESTS', value: 'x' }],
      },
    });
    expect(slim.status).toEqual({
      results: [{ name: 'ACS_IMAGE_SCAN_OUTPUT', value: ACS }],
    });
  });
});
