import { Entity } from '@backstage/catalog-model';
import { annotationValue } from '@go-delivery/plugin-delivery-common';

const SOURCE_LOCATION_ANNOTATION = 'backstage.io/source-location';

/**
 * The web URL of the entity's source repository, from `backstage.io/source-location`
 * (`url:https://github.com/org/repo/tree/main/`), so commits can be linked. Undefined otherwise.
 */
export function entityRepoUrl(entity: Entity): string | undefined {
  const location = annotationValue(entity, SOURCE_LOCATION_ANNOTATION);
  if (!location?.startsWith('url:')) return undefined;
  let url: URL;
  try {
    url = new URL(location.slice('url:'.length));
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  // GitHub/Gitea `/tree/<ref>/…`, GitLab `/-/tree/<ref>/…`, Bitbucket `/src/<ref>/…`.
  const path = url.pathname
    .replace(/\/(-\/)?(tree|blob|src)\/.*$/, '')
    .replace(/\/+$/, '');
  return path ? `${url.protocol}//${url.host}${path}` : undefined;
}
