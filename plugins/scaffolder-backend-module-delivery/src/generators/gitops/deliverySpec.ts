import { InputError } from '@backstage/errors';
import {
  isDnsLabel,
  isDnsSubdomain,
} from '@go-delivery/plugin-delivery-common';
import type { GoServiceSpec, ManifestFormat } from '../types';
import { prodClusterApplicationName } from './argoCdApplicationSet';
import { ENVIRONMENTS } from './environments';

/** `registry[:port]/path` or `org/name`, lowercase, without a tag or digest (CI adds those). */
const IMAGE_REPOSITORY =
  /^([a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]+)?\/)?[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
const PATH_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function isCloneUrl(value: string): boolean {
  return value.length > 0 && !/\s/.test(value);
}

const MANIFEST_FORMATS: ReadonlyArray<ManifestFormat> = ['kustomize', 'helm'];

/** Each production cluster names an Application (`<service>-prod-<cluster>`) and a server. */
function prodClusterProblems(spec: GoServiceSpec): string[] {
  const clusters = spec.argocd.prodClusters ?? [];
  const problems: string[] = [];
  for (const cluster of clusters) {
    if (!isDnsLabel(cluster.name)) {
      problems.push(
        `prod cluster name "${cluster.name}" must be an RFC 1123 label`,
      );
    } else if (
      !isDnsSubdomain(prodClusterApplicationName(spec.name, cluster.name))
    ) {
      problems.push(
        `prod cluster name "${cluster.name}" makes an Application name longer than 253 characters`,
      );
    }
    if (!isHttpUrl(cluster.server)) {
      problems.push(
        `prod cluster "${cluster.name}" server must be an http(s) URL`,
      );
    }
  }
  const names = clusters.map(cluster => cluster.name);
  if (new Set(names).size !== names.length) {
    problems.push('prod cluster names must not repeat');
  }
  return problems;
}

function specProblems(spec: GoServiceSpec, dnsLabels: string[]): string[] {
  const problems: string[] = [];
  if (!isDnsLabel(spec.name)) {
    problems.push(`name "${spec.name}" must be an RFC 1123 label`);
  } else {
    for (const derived of dnsLabels.filter(label => !isDnsLabel(label))) {
      const excess = derived.length - 63;
      problems.push(
        `"${derived}" (derived from the name) is longer than 63 characters: shorten the name by ${excess}`,
      );
    }
  }
  if (spec.environments.length === 0) {
    problems.push('at least one environment is required');
  }
  const unknown = spec.environments.filter(env => !ENVIRONMENTS.includes(env));
  if (unknown.length > 0) {
    problems.push(`unknown environments: ${unknown.join(', ')}`);
  }
  if (new Set(spec.environments).size !== spec.environments.length) {
    problems.push('environments must not repeat');
  }
  const objective = spec.availabilityObjective;
  if (
    objective !== undefined &&
    !(Number.isFinite(objective) && objective >= 90 && objective < 100)
  ) {
    problems.push(
      `availability objective ${objective} must be a percentage from 90 up to (not including) 100`,
    );
  }
  if (
    !Number.isFinite(spec.coverageThreshold) ||
    spec.coverageThreshold < 0 ||
    spec.coverageThreshold > 100
  ) {
    problems.push('coverageThreshold must be a percentage between 0 and 100');
  }
  if (!Number.isInteger(spec.port) || spec.port < 1 || spec.port > 65535) {
    problems.push('port must be an integer between 1 and 65535');
  }
  if (!IMAGE_REPOSITORY.test(spec.imageRepository)) {
    problems.push(
      `imageRepository "${spec.imageRepository}" must be a lowercase image repository without tag or digest`,
    );
  }
  const segments = spec.gitopsPath.replace(/^\/+|\/+$/g, '').split('/');
  if (!segments.every(segment => PATH_SEGMENT.test(segment))) {
    problems.push(
      `gitopsPath "${spec.gitopsPath}" must be a relative path of plain folder names`,
    );
  }
  if (!isCloneUrl(spec.serviceRepoUrl) || !isCloneUrl(spec.gitopsRepoUrl)) {
    problems.push('serviceRepoUrl and gitopsRepoUrl are required');
  }
  if (!isHttpUrl(spec.backstageBaseUrl)) {
    problems.push('backstageBaseUrl must be an http(s) URL');
  }
  if (!isHttpUrl(spec.argocd.destinationServer)) {
    problems.push('argocd.destinationServer must be an http(s) URL');
  }
  if (!isDnsLabel(spec.argocd.namespace)) {
    problems.push('argocd.namespace must be a Kubernetes namespace name');
  }
  if (!isDnsSubdomain(spec.argocd.project)) {
    problems.push('argocd.project must be an Argo CD project name');
  }
  if (!isDnsSubdomain(spec.secretStore)) {
    problems.push('secretStore must be a ClusterSecretStore name');
  }
  if (
    spec.manifests !== undefined &&
    !MANIFEST_FORMATS.includes(spec.manifests)
  ) {
    problems.push(`manifests must be one of ${MANIFEST_FORMATS.join(', ')}`);
  }
  problems.push(...prodClusterProblems(spec));
  return problems;
}

/**
 * Refuses a spec the manifests cannot be generated from, naming every problem at once.
 * `dnsLabels` are the derived names the caller creates that must stay within 63 characters.
 */
export function checkDeliverySpec(
  spec: GoServiceSpec,
  dnsLabels: string[],
): void {
  const problems = specProblems(spec, dnsLabels);
  if (problems.length > 0) {
    throw new InputError(
      `Cannot generate the delivery manifests: ${problems.join('; ')}`,
    );
  }
}
