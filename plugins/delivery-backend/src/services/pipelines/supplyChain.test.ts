import { readSupplyChain } from './supplyChain';
import { PipelineRunResource } from './tektonTypes';
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
});
