import { Entity } from '@backstage/catalog-model';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_APP_NAMESPACE_ANNOTATION,
  ARGOCD_APP_SELECTOR_ANNOTATION,
  ARGOCD_INSTANCE_NAME_ANNOTATION,
  ARGOCD_PROJECT_NAME_ANNOTATION,
} from './annotations';
import { annotationValue, quotedValue } from './annotationValue';
import { hasArgoCdAnnotations } from './availability';
import { InvalidAnnotationError } from './InvalidAnnotationError';
import { readEntitySelector } from './entitySelector';
import { isDnsLabel, isDnsSubdomain, isInstanceName } from './names';

/**
 * Where an entity's Argo CD applications live, read from its annotations and validated.
 * Either `appName` or `appSelector` is set; the selector wins when both are (as in Roadie's plugin).
 *
 * @public
 */
export interface ArgoCdTarget {
  appName?: string;
  appSelector?: string;
  instanceName?: string;
  appNamespace?: string;
  projectName?: string;
}

function requireName(
  key: string,
  value: string | undefined,
  check: (v: string) => boolean,
  rule: string,
): string | undefined {
  if (value === undefined) return undefined;
  if (!check(value)) {
    throw new InvalidAnnotationError(
      key,
      `${quotedValue(value)} is not ${rule}`,
    );
  }
  return value;
}

/**
 * Reads and validates the Argo CD annotations. Returns undefined when the entity has none;
 * throws {@link InvalidAnnotationError} naming the first malformed annotation.
 *
 * @public
 */
export function readArgoCdTarget(entity: Entity): ArgoCdTarget | undefined {
  if (!hasArgoCdAnnotations(entity)) return undefined;

  const target: ArgoCdTarget = {
    instanceName: requireName(
      ARGOCD_INSTANCE_NAME_ANNOTATION,
      annotationValue(entity, ARGOCD_INSTANCE_NAME_ANNOTATION),
      isInstanceName,
      'an instance name (letters, digits, "-", "_", ".", at most 63)',
    ),
    appNamespace: requireName(
      ARGOCD_APP_NAMESPACE_ANNOTATION,
      annotationValue(entity, ARGOCD_APP_NAMESPACE_ANNOTATION),
      isDnsLabel,
      'a Kubernetes namespace name (RFC 1123 label)',
    ),
    projectName: requireName(
      ARGOCD_PROJECT_NAME_ANNOTATION,
      annotationValue(entity, ARGOCD_PROJECT_NAME_ANNOTATION),
      isDnsSubdomain,
      'an Argo CD project name (RFC 1123 subdomain)',
    ),
  };

  const selector = annotationValue(entity, ARGOCD_APP_SELECTOR_ANNOTATION);
  if (selector !== undefined) {
    target.appSelector = readEntitySelector(
      ARGOCD_APP_SELECTOR_ANNOTATION,
      selector,
    );
    return target;
  }

  target.appName = requireName(
    ARGOCD_APP_NAME_ANNOTATION,
    annotationValue(entity, ARGOCD_APP_NAME_ANNOTATION),
    isDnsSubdomain,
    'an Argo CD application name (RFC 1123 subdomain, at most 253)',
  );
  return target;
}
