/** The registry host of an image repository (Docker Hub when the first part is no host). */
export function registryHost(imageRepository: string): string {
  const [first] = imageRepository.split('/');
  const isHost =
    imageRepository.includes('/') &&
    (first.includes('.') || first.includes(':') || first === 'localhost');
  return isHost ? first : 'docker.io';
}

/** The key a Docker `config.json` files the registry's credentials under. */
export function dockerConfigRegistry(imageRepository: string): string {
  const host = registryHost(imageRepository);
  return host === 'docker.io' ? 'https://index.docker.io/v1/' : host;
}

/**
 * Writes `$DOCKER_CONFIG/config.json` with `$REGISTRY_USERNAME` and `$REGISTRY_PASSWORD` for
 * `$REGISTRY`, for the tools that push and pull the image without a Docker daemon (BuildKit,
 * cosign, syft).
 */
export const REGISTRY_AUTH_SCRIPT = `#!/bin/sh
set -eu
mkdir -p "$DOCKER_CONFIG"
auth=$(printf '%s:%s' "$REGISTRY_USERNAME" "$REGISTRY_PASSWORD" | base64 | tr -d '\\n')
umask 077
printf '{"auths":{"%s":{"auth":"%s"}}}\\n' "$REGISTRY" "$auth" >"$DOCKER_CONFIG/config.json"
`;
