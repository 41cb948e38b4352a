import { stringify } from 'yaml';
import type { GeneratedFile } from '../types';

/** The envelope every Kubernetes object shares; the rest is checked by the schemas in the tests. */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: {
    /** Absent only on templates that the API server names (`generateName`). */
    name?: string;
    generateName?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
  };
  [field: string]: unknown;
}

/**
 * YAML as people write it: no anchors for repeated objects (shared label maps would otherwise
 * become `&a1`/`*a1`), no line folding (scripts and PromQL stay verbatim).
 */
export function toYaml(value: unknown): string {
  return stringify(value, { aliasDuplicateObjects: false, lineWidth: 0 });
}

/** One YAML file holding the given documents, separated by `---`. */
export function yamlFile(path: string, ...documents: unknown[]): GeneratedFile {
  return { path, content: documents.map(toYaml).join('---\n') };
}

/** A file of a kustomization folder: its name there and the objects it holds. */
export interface ResourceFile {
  file: string;
  objects: unknown[];
}

/** A kustomization folder: its resource files and the kustomization.yaml listing them. */
export function kustomizationFolder(options: {
  dir: string;
  resources: ResourceFile[];
  kustomization: (files: string[]) => unknown;
}): GeneratedFile[] {
  const files = options.resources.map(r => r.file);
  return [
    yamlFile(`${options.dir}/kustomization.yaml`, options.kustomization(files)),
    ...options.resources.map(r =>
      yamlFile(`${options.dir}/${r.file}`, ...r.objects),
    ),
  ];
}
