/**
 * Validators for the names that reach an upstream URL or selector. They are strict on purpose:
 * anything that is not a plain Kubernetes-style name is refused before a request is built.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** RFC 1123 label: lowercase alphanumerics and '-', at most 63 characters. @public */
export function isDnsLabel(value: string): boolean {
  return value.length <= 63 && DNS_LABEL.test(value);
}

/** RFC 1123 subdomain: dot-separated labels, at most 253 characters (Kubernetes object names). @public */
export function isDnsSubdomain(value: string): boolean {
  return (
    value.length > 0 &&
    value.length <= 253 &&
    value.split('.').every(label => label.length > 0 && DNS_LABEL.test(label))
  );
}

const INSTANCE_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** Names of configured upstream instances (Argo CD, clusters, Prometheus). @public */
export function isInstanceName(value: string): boolean {
  return (
    value.length <= 63 && INSTANCE_NAME.test(value) && !value.includes('..')
  );
}

/** A full or abbreviated git commit SHA (SHA-1 or SHA-256). @public */
export function isCommitSha(value: string): boolean {
  return /^[0-9a-f]{7,64}$/i.test(value);
}

const PROMETHEUS_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A Prometheus label name (`[a-zA-Z_][a-zA-Z0-9_]*`). @public */
export function isPrometheusLabelName(value: string): boolean {
  return PROMETHEUS_LABEL_NAME.test(value);
}
