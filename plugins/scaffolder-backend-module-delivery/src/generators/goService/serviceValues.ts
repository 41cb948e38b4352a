import { InputError } from '@backstage/errors';
import { isDnsLabel } from '@go-delivery/plugin-delivery-common';
import type { GoServiceSpec } from '../types';

/**
 * The part of the spec the Go service templates use, checked so that no value can break the
 * syntax of a generated file (a Go import, a Makefile variable, a Dockerfile label).
 */
export interface ServiceValues {
  name: string;
  /** Single line; safe for a Dockerfile LABEL and a Markdown paragraph. */
  description: string;
  modulePath: string;
  goVersion: string;
  port: number;
  coverageThreshold: number;
  spec: GoServiceSpec;
}

/** Go 1.24 is the oldest release with every standard-library API the service uses. */
const MIN_GO_MINOR = 24;
const GO_VERSION = /^1\.(\d+)(\.\d+)?$/;
/** Go module path: slash-separated elements of the characters `go mod` accepts. */
const MODULE_PATH_ELEMENT = /^[A-Za-z0-9_~+-]+(\.[A-Za-z0-9_~+-]+)*$/;
const MODULE_PATH_FIRST_ELEMENT = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/;

export function isGoModulePath(value: string): boolean {
  const elements = value.split('/');
  return (
    value.length <= 255 &&
    MODULE_PATH_FIRST_ELEMENT.test(elements[0]) &&
    elements.every(element => MODULE_PATH_ELEMENT.test(element))
  );
}

export function isSupportedGoVersion(value: string): boolean {
  const match = GO_VERSION.exec(value);
  return match !== null && Number(match[1]) >= MIN_GO_MINOR;
}

/** Validates the spec's values the Go service templates interpolate. */
export function serviceValues(spec: GoServiceSpec): ServiceValues {
  const problems: string[] = [];
  if (!isDnsLabel(spec.name)) {
    problems.push(
      `name "${spec.name}" must be an RFC 1123 label (lowercase letters, digits and '-', at most 63 characters)`,
    );
  }
  if (!isGoModulePath(spec.modulePath)) {
    problems.push(
      `modulePath "${spec.modulePath}" is not a valid Go module path (e.g. github.com/example-org/payments-api)`,
    );
  }
  if (!isSupportedGoVersion(spec.goVersion)) {
    problems.push(
      `goVersion "${spec.goVersion}" must be a Go release of 1.${MIN_GO_MINOR} or later (e.g. 1.${MIN_GO_MINOR})`,
    );
  }
  if (!Number.isInteger(spec.port) || spec.port < 1 || spec.port > 65535) {
    problems.push(`port ${spec.port} must be an integer between 1 and 65535`);
  }
  if (
    !Number.isFinite(spec.coverageThreshold) ||
    spec.coverageThreshold < 0 ||
    spec.coverageThreshold > 100
  ) {
    problems.push(
      `coverageThreshold ${spec.coverageThreshold} must be a percentage between 0 and 100`,
    );
  }
  if (problems.length > 0) {
    throw new InputError(
      `Cannot generate the Go service: ${problems.join('; ')}`,
    );
  }
  return {
    name: spec.name,
    description: spec.description.replace(/\s+/g, ' ').trim(),
    modulePath: spec.modulePath,
    goVersion: spec.goVersion,
    port: spec.port,
    coverageThreshold: spec.coverageThreshold,
    spec,
  };
}

/** Import path of one of the service's own packages, e.g. `internal/config`. */
export function importPath(values: ServiceValues, pkg: string): string {
  return `${values.modulePath}/${pkg}`;
}

/** Directory of the service's main package. */
export function mainPackageDir(values: ServiceValues): string {
  return `cmd/${values.name}`;
}
