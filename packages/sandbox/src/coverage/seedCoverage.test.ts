import { createHash } from 'node:crypto';
import { loadKubernetesFixtures } from '../kubernetes/fixtures';
import { demoCoverageUploads } from './seedCoverage';

/** Covered statements over all statements of a Go coverprofile (0–1). */
function total(profile: string): number {
  let statements = 0;
  let covered = 0;
  for (const line of profile.trim().split('\n').slice(1)) {
    const [, size, count] = line.split(' ').map(Number);
    statements += size;
    if (count > 0) covered += size;
  }
  return covered / statements;
}

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

describe('demoCoverageUploads', () => {
  const uploads = demoCoverageUploads();
  const of = (service: string) => uploads.filter(u => u.service === service);

  it('uploads first the report of the CI run that built the image staging runs, passing 80 %', () => {
    const run = loadKubernetesFixtures().ci.objects.find(
      o =>
        o.kind === 'PipelineRun' &&
        o.metadata.labels['backstage.io/kubernetes-id'] === 'payments-api' &&
        o.status.results?.some((r: any) => r.name === 'IMAGE_DIGEST'),
    );
    expect(run.metadata.name).toBe('payments-api-ci-7xk2p');
    const [first] = of('payments-api');
    expect(first.query).toEqual({
      entity: 'component:default/payments-api',
      commit: run.metadata.labels['pipelinesascode.tekton.dev/sha'],
      branch: 'main',
      format: 'go',
    });
    expect(total(first.body)).toBeGreaterThanOrEqual(0.82);
    // Near the 86.1 % its test step printed.
    expect(Math.abs(total(first.body) - 0.861)).toBeLessThan(0.005);
  });

  it('keeps the trend after it: commits of `<service>-commit-<i>`, oldest first', () => {
    for (const [service, count] of [
      ['payments-api', 6],
      ['orders-api', 5],
    ] as const) {
      const trend = of(service).slice(service === 'payments-api' ? 1 : 0);
      expect(trend.map(u => u.query.commit)).toEqual(
        Array.from({ length: count }, (_, i) => sha1(`${service}-commit-${i}`)),
      );
    }
    // The latest report is still the trend's last.
    expect(total(of('payments-api').at(-1)!.body)).toBeGreaterThan(0.85);
  });
});
