import { createHash } from 'node:crypto';
import {
  SyntheticPackage,
  syntheticCoverProfile,
} from './syntheticCoverProfile';
import { waitForBackend } from '../http/waitForBackend';
import { deadlineIn } from '../time/deadline';

/** The external access token app-config.sandbox.yaml gives the sandbox for coverage uploads. */
export const SANDBOX_COVERAGE_TOKEN = 'sandbox-coverage-upload-token';

interface DemoService {
  name: string;
  /**
   * Reports of runs of the sandbox's CI cluster (fixtures/kubernetes/ci), uploaded before the
   * trend's: the run's commit and its total coverage (0–1).
   */
  runs?: Array<{ commit: string; total: number }>;
  /** Total coverage of successive commits, oldest first (0–1). */
  trend: number[];
}

const DEMO_SERVICES: DemoService[] = [
  {
    name: 'payments-api',
    // payments-api-ci-7xk2p, which built the 1.8.0 that staging runs. Its test step printed
    // 86.1 %; the synthetic profile of 0.843 comes to 85.9 %.
    runs: [
      { commit: '5758e8ff42879ea60bcbfc54a594e32fc54b09e3', total: 0.843 },
    ],
    trend: [0.74, 0.78, 0.81, 0.83, 0.82, 0.86],
  },
  { name: 'orders-api', trend: [0.69, 0.72, 0.75, 0.77, 0.74] },
];

const PACKAGES = [
  'internal/api',
  'internal/config',
  'internal/health',
  'internal/metrics',
  'internal/server',
];

function commitSha(service: string, index: number): string {
  return createHash('sha1').update(`${service}-commit-${index}`).digest('hex');
}

/** Packages whose coverage spreads around the commit's total, as real services do. */
function packagesFor(total: number): SyntheticPackage[] {
  return PACKAGES.map((path, i) => ({
    path,
    files: [
      `${path.split('/').pop()}.go`,
      `${path.split('/').pop()}_helpers.go`,
    ],
    statementsPerFile: 40 + i * 7,
    covered: Math.max(0, Math.min(1, total + (i - 2) * 0.06)),
  }));
}

/**
 * Whether the service already has coverage; waits while the catalog has not ingested the entity
 * yet (the backend answers 404 for an entity it does not know).
 */
async function hasCoverage(
  baseUrl: string,
  service: string,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = deadlineIn(timeoutMs);
  for (;;) {
    const response = await fetch(
      `${baseUrl}/api/delivery/entities/component/default/${service}/coverage`,
      { headers: { authorization: `Bearer ${SANDBOX_COVERAGE_TOKEN}` } },
    );
    if (response.ok) return Boolean((await response.json()).latest);
    // 404 until the catalog has the entity; 401/503 while the backend is still starting.
    if (deadline.passed()) {
      throw new Error(
        `reading ${service}'s coverage failed: HTTP ${response.status}`,
      );
    }
    await new Promise(r => setTimeout(r, 1000));
  }
}

/** One coverage upload of the demo: the query of `POST /api/delivery/coverage` and its body. */
export interface DemoCoverageUpload {
  service: string;
  query: { entity: string; commit: string; branch: string; format: 'go' };
  /** A Go coverprofile. */
  body: string;
}

/**
 * The demo services' coverage uploads, one Go coverprofile per commit, oldest first: the CI
 * cluster's runs, then the trend.
 */
export function demoCoverageUploads(): DemoCoverageUpload[] {
  return DEMO_SERVICES.flatMap(service =>
    [
      ...(service.runs ?? []),
      ...service.trend.map((total, index) => ({
        commit: commitSha(service.name, index),
        total,
      })),
    ].map(({ commit, total }) => ({
      service: service.name,
      query: {
        entity: `component:default/${service.name}`,
        commit,
        branch: 'main',
        format: 'go' as const,
      },
      body: syntheticCoverProfile({
        module: `github.com/example-org/${service.name}`,
        packages: packagesFor(total),
      }),
    })),
  );
}

/**
 * Gives the demo services a coverage history through the backend's real upload endpoint, as a CI
 * pipeline would: one Go coverprofile per commit, oldest first. The local backend keeps its data in
 * memory, so this runs again whenever the backend comes back without it. Returns how many
 * services it seeded (0: the backend had them all).
 */
export async function seedCoverage(options: {
  baseUrl: string;
  log: (line: string) => void;
}): Promise<number> {
  const { baseUrl, log } = options;
  await waitForBackend(baseUrl, 10 * 60_000);
  const uploads = demoCoverageUploads();
  let seeded = 0;
  for (const service of DEMO_SERVICES) {
    if (await hasCoverage(baseUrl, service.name, 5 * 60_000)) continue;
    const own = uploads.filter(u => u.service === service.name);
    for (const upload of own) {
      const query = new URLSearchParams(upload.query);
      const response = await fetch(
        `${baseUrl}/api/delivery/coverage?${query}`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${SANDBOX_COVERAGE_TOKEN}`,
            'content-type': 'text/plain',
          },
          body: upload.body,
        },
      );
      if (!response.ok) {
        throw new Error(
          `coverage upload for ${service.name} failed: HTTP ${
            response.status
          } ${await response.text()}`,
        );
      }
    }
    log(`seeded ${own.length} coverage reports for ${service.name}`);
    seeded++;
  }
  return seeded;
}
