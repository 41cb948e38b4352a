import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { FIXTURES_DIR } from '../paths';

/** What one fake cluster serves. */
export interface KubernetesClusterFixtures {
  /** Kubernetes objects (Pods, PipelineRuns, TaskRuns …), as `kubectl get -o yaml` shows them. */
  objects: any[];
  /** Container logs by `namespace/pod/container`. */
  logs: Record<string, string>;
}

/** Where the fixtures of the fake clusters live: one directory per cluster. */
export const KUBERNETES_FIXTURES_DIR = join(FIXTURES_DIR, 'kubernetes');

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap(entry => {
      const path = join(dir, entry);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
}

/** Reads every YAML document of a file; throws naming the file on a YAML error. */
export function readYamlObjects(file: string): any[] {
  const objects: any[] = [];
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    if (doc.errors.length > 0) {
      throw new Error(`${file}: ${doc.errors[0].message}`);
    }
    const value = doc.toJS();
    if (value !== null && value !== undefined) objects.push(value);
  }
  return objects;
}

/**
 * Loads one cluster's fixtures: every object of every `*.yaml` file under its directory, and the
 * logs under `logs/<namespace>/<pod>/<container>.log`.
 */
export function loadKubernetesClusterFixtures(
  dir: string,
): KubernetesClusterFixtures {
  const objects: any[] = [];
  const logs: Record<string, string> = {};
  const logsDir = join(dir, 'logs');
  for (const file of filesUnder(dir)) {
    if (file.startsWith(logsDir + sep)) {
      if (!file.endsWith('.log')) continue;
      const key = relative(logsDir, file)
        .split(sep)
        .join('/')
        .replace(/\.log$/, '');
      if (key.split('/').length !== 3) {
        throw new Error(
          `${file}: logs must be at logs/<namespace>/<pod>/<container>.log`,
        );
      }
      logs[key] = readFileSync(file, 'utf8');
    } else if (/\.ya?ml$/.test(file)) {
      objects.push(...readYamlObjects(file));
    }
  }
  return { objects, logs };
}

/** The demo clusters, by name (the directory names under `fixtures/kubernetes`). */
export function loadKubernetesFixtures(): Record<
  string,
  KubernetesClusterFixtures
> {
  const clusters: Record<string, KubernetesClusterFixtures> = {};
  for (const cluster of readdirSync(KUBERNETES_FIXTURES_DIR).sort()) {
    const dir = join(KUBERNETES_FIXTURES_DIR, cluster);
    if (statSync(dir).isDirectory())
      clusters[cluster] = loadKubernetesClusterFixtures(dir);
  }
  return clusters;
}
