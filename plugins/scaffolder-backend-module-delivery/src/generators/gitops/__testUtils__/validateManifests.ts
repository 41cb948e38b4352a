import { CrdSchemaValidator } from '@go-delivery/sandbox';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const crds = new CrdSchemaValidator();

export interface ManifestObject {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string };
  [field: string]: unknown;
}

function describe(object: ManifestObject): string {
  return `${object.apiVersion} ${object.kind} ${object.metadata?.name ?? ''}`;
}

/**
 * Validates Kubernetes objects against the published schemas: custom resources with the CRD
 * schemas in the sandbox's reference (unknown fields are errors), core kinds with
 * kubernetes-models. Returns one line per problem, prefixed with the object; [] when valid.
 */
export function manifestProblems(objects: ManifestObject[]): string[] {
  const problems: string[] = [];
  const core: ManifestObject[] = [];
  for (const object of objects) {
    if (crds.knows(object)) {
      problems.push(
        ...crds.validate(object).map(e => `${describe(object)}: ${e}`),
      );
    } else {
      core.push(object);
    }
  }
  if (core.length > 0) {
    const output = execFileSync(
      process.execPath,
      [join(__dirname, 'coreKinds.mjs')],
      { input: JSON.stringify(core), cwd: __dirname, encoding: 'utf8' },
    );
    const results: string[][] = JSON.parse(output);
    results.forEach((errors, i) =>
      problems.push(...errors.map(e => `${describe(core[i])}: ${e}`)),
    );
  }
  return problems;
}
