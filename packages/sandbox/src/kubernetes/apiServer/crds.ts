import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REFERENCE_DIR } from '../../paths';
import { readYamlObjects } from '../fixtures';
import { AdminClient } from './adminClient';
import { waitFor } from './processes';

/** Picks (undefined: leaves out) or alters a CRD before it is installed. */
export type CustomResourceDefinitionFilter = (crd: any) => any | undefined;

const CRDS_DIR = join(REFERENCE_DIR, 'crds');

/** The projects whose published CRDs `reference/crds` holds, one directory each. */
export type ReferenceCrdProject =
  | 'argo-cd'
  | 'argo-rollouts'
  | 'external-secrets'
  | 'tekton';

/** Parsed once per process: every API server a test file starts installs from them. */
const parsedProjects = new Map<string, readonly any[]>();

/** A project's CRDs as parsed (shared: clone one before changing it). */
function projectCrds(project: string): readonly any[] {
  let crds = parsedProjects.get(project);
  if (!crds) {
    crds = readdirSync(join(CRDS_DIR, project))
      .filter(file => /\.ya?ml$/.test(file))
      .sort()
      .flatMap(file => readYamlObjects(join(CRDS_DIR, project, file)))
      .filter(object => object.kind === 'CustomResourceDefinition');
    parsedProjects.set(project, crds);
  }
  return crds;
}

/** The upstream CRDs as published (`reference/crds/<project>/*.yaml`), shared as parsed. */
function allProjectCrds(): readonly any[] {
  return readdirSync(CRDS_DIR).sort().flatMap(projectCrds);
}

/**
 * Only the CRDs of these projects, as a cluster that runs only those controllers has them. Each
 * CRD costs the API server seconds of CPU to serve (its OpenAPI schema), and tests start many.
 */
export function onlyProjects(
  ...projects: ReferenceCrdProject[]
): CustomResourceDefinitionFilter {
  const names = new Set(
    projects.flatMap(projectCrds).map(crd => crd.metadata.name),
  );
  return crd => (names.has(crd.metadata.name) ? crd : undefined);
}

/** Installs the reference CRDs (as the filter says) and waits until the server serves them. */
export async function installCrds(
  admin: AdminClient,
  filter: CustomResourceDefinitionFilter = crd => crd,
  timeoutMs: number = 60_000,
): Promise<void> {
  const crds = allProjectCrds()
    .map(crd => filter(structuredClone(crd)))
    .filter(Boolean);
  await Promise.all(
    crds.map(crd =>
      admin.send(
        'POST',
        '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
        crd,
      ),
    ),
  );
  const names = new Set(crds.map(crd => crd.metadata.name));
  let waiting: string[] = [];
  await waitFor(
    async () => {
      const { items } = await admin
        .get('/apis/apiextensions.k8s.io/v1/customresourcedefinitions')
        .catch(() => ({ items: [] }));
      waiting = items
        .filter((crd: any) => names.has(crd.metadata.name))
        .filter(
          (crd: any) =>
            !crd.status?.conditions?.some(
              (c: any) => c.type === 'Established' && c.status === 'True',
            ),
        )
        .map((crd: any) => crd.metadata.name);
      return waiting.length === 0 && items.length >= names.size;
    },
    {
      timeoutMs,
      describe: () => `CRDs not established: ${waiting.join(', ')}`,
    },
  );
}
