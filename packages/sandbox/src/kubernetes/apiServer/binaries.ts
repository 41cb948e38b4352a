import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { REFERENCE_DIR } from '../../paths';

/** The Kubernetes release the tests and the sandbox run; tools/kube-apiserver/go.mod pins the same. */
export const KUBERNETES_VERSION = 'v1.37.2';

const REPO_ROOT = resolve(REFERENCE_DIR, '..', '..', '..');

/** Where scripts/setup-kube-apiserver.sh builds the API server (one directory per version). */
export function kubeApiServerBinary(): string {
  const path =
    process.env.KUBE_APISERVER_BIN ??
    resolve(
      REPO_ROOT,
      '.tools',
      `kube-apiserver-${KUBERNETES_VERSION}`,
      'kube-apiserver',
    );
  if (!existsSync(path)) {
    throw new Error(
      `No kube-apiserver at ${path}: run scripts/setup-kube-apiserver.sh (builds ${KUBERNETES_VERSION} through the Go module proxy)`,
    );
  }
  return path;
}

/** Debian's etcd-server (scripts/setup-system.sh installs it). */
export function etcdBinary(): string {
  const path = process.env.ETCD_BIN ?? '/usr/bin/etcd';
  if (!existsSync(path)) {
    throw new Error(
      `No etcd at ${path}: run scripts/setup-system.sh (apt-get install etcd-server)`,
    );
  }
  return path;
}
