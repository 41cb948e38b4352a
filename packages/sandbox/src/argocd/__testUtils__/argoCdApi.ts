import { FakeArgoCd } from '../FakeArgoCd';

/** One request to a fake Argo CD's API with a bearer token: its status and parsed JSON answer. */
export async function argoCdApi(
  fake: FakeArgoCd,
  path: string,
  options: { token: string; method?: string; body?: unknown },
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${fake.url}${path}`, {
    method: options.method ?? 'GET',
    headers: {
      authorization: `Bearer ${options.token}`,
      ...(options.body === undefined
        ? {}
        : { 'content-type': 'application/json' }),
    },
    ...(options.body === undefined
      ? {}
      : { body: JSON.stringify(options.body) }),
  });
  return { status: response.status, body: await response.json() };
}
