import {
  UpstreamFailure,
  UpstreamKind,
} from '@go-delivery/plugin-delivery-common';
import { toUpstreamFailure } from '@go-delivery/plugin-delivery-node';

/** One call to one instance as data: its value, or the failure the response carries. */
export type Outcome<T> =
  | { ok: true; value: T }
  | { ok: false; failure: UpstreamFailure };

/**
 * Runs one upstream call and turns anything it throws into an {@link UpstreamFailure} naming the
 * instance, so a broken answer degrades the part of the response that needed it, never the
 * request.
 */
export async function attempt<T>(
  source: { kind: UpstreamKind; instance: string },
  call: () => Promise<T>,
): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, failure: toUpstreamFailure(error, source) };
  }
}

/** What a fan-out returns: each instance that answered with its value, and typed failures. */
export interface FanOutResult<C, T> {
  results: Array<{ client: C; value: T }>;
  failures: UpstreamFailure[];
  /** Every instance asked, in the order asked. */
  instances: string[];
}

/**
 * Asks every instance in parallel; one that is down, slow or answers garbage becomes a failure
 * entry and the others are still returned (the shape of Backstage's `KubernetesFanOutHandler`).
 */
export async function fanOut<C extends { readonly name: string }, T>(options: {
  kind: UpstreamKind;
  clients: readonly C[];
  read: (client: C) => Promise<T>;
}): Promise<FanOutResult<C, T>> {
  const outcomes = await Promise.all(
    options.clients.map(async client => ({
      client,
      outcome: await attempt(
        { kind: options.kind, instance: client.name },
        () => options.read(client),
      ),
    })),
  );
  const result: FanOutResult<C, T> = {
    results: [],
    failures: [],
    instances: options.clients.map(c => c.name),
  };
  for (const { client, outcome } of outcomes) {
    if (outcome.ok) result.results.push({ client, value: outcome.value });
    else result.failures.push(outcome.failure);
  }
  return result;
}
