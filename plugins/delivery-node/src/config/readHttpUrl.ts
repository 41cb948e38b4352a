import { Config } from '@backstage/config';

/**
 * Reads an http(s) URL from config and returns it with a trailing slash, so that relative API paths
 * resolved against it keep its path prefix (`https://host/argocd` + `api/v1/…`).
 */
export function readHttpUrl(config: Config, key: string): string {
  const value = config.getString(key);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`Invalid URL in ${key}: '${value}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`${key} must be an http(s) URL, got '${value}'`);
  }
  return value.endsWith('/') ? value : `${value}/`;
}
