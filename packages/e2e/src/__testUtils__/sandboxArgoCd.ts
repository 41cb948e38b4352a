/*
 * The sandbox's prod Argo CD as app-config.sandbox.yaml configures it: what an operator would do
 * in Argo CD's UI (sync an application with manual sync) is done here through its API.
 */
const PROD_ARGOCD = {
  url: 'http://127.0.0.1:7081',
  username: 'admin',
  password: 'sandbox-admin-password',
};

async function call(path: string, init: RequestInit): Promise<any> {
  const res = await fetch(`${PROD_ARGOCD.url}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...init.headers },
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) {
    throw new Error(
      `${init.method} ${path}: HTTP ${res.status} ${await res.text()}`,
    );
  }
  return res.json();
}

/** Syncs an application of the prod instance to its branch, as "Sync" in Argo CD's UI does. */
export async function syncProdApplication(name: string): Promise<void> {
  const { token } = await call('/api/v1/session', {
    method: 'POST',
    body: JSON.stringify({
      username: PROD_ARGOCD.username,
      password: PROD_ARGOCD.password,
    }),
  });
  await call(`/api/v1/applications/${encodeURIComponent(name)}/sync`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: JSON.stringify({ name }),
  });
}
