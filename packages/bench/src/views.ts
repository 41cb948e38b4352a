import { DeploymentsResponse } from '@go-delivery/plugin-delivery-common';
import { CLIENT_TOKEN } from './backends/backendConfig';
import { BenchEntity } from './backends/entities';
import { HISTORY_LENGTH } from './fixtures';

/** Replays, against one backend, what a browser asks when a person opens the entity's page. */
export type EntityView = (entity: BenchEntity) => Promise<void>;

/** GETs a JSON answer of a backend as the benchmark's client; anything but 2xx is an error. */
export async function getJson<T>(baseUrl: string, path: string): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    headers: { authorization: `Bearer ${CLIENT_TOKEN}` },
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(
      `GET ${path}: HTTP ${response.status}: ${text.slice(0, 300)}`,
    );
  }
  return JSON.parse(text) as T;
}

/**
 * Ours: the Delivery tab's Argo CD card makes one call, the deployments route, which answers
 * sync, health, history and a resource summary for every application of the entity.
 */
export function deliveryView(baseUrl: string): EntityView {
  return async entity => {
    const response = await getJson<DeploymentsResponse>(
      baseUrl,
      `/api/delivery/entities/component/default/${encodeURIComponent(
        entity.name,
      )}/deployments`,
    );
    const [app, ...others] = response.applications;
    if (
      others.length > 0 ||
      app?.name !== entity.app.name ||
      app.instance !== entity.app.instance ||
      app.history.length !== HISTORY_LENGTH ||
      !app.resources ||
      response.failures.length > 0
    ) {
      throw new Error(
        `Unexpected deployments answer for ${entity.name}: ${JSON.stringify(
          response,
        ).slice(0, 300)}`,
      );
    }
  };
}

interface RoadieLocation {
  name: string;
  url: string;
  appName: string[];
}

interface RoadieApp {
  metadata: { name: string; namespace?: string };
  status?: {
    history?: Array<{
      revision?: string;
      deployedAt?: string;
      source?: { chart?: string };
    }>;
  };
}

/**
 * Which cards of Roadie's frontend (2.12.5) the view shows: the history card alone, or the
 * overview and history cards that a typical entity page puts side by side.
 */
export type RoadieCards = 'history' | 'overview+history';

/**
 * Roadie's frontend with `argocd.appLocatorMethods` configured, as its `useAppDetails` and
 * `ArgoCDHistoryCard` do it: `find/name/:app` (the backend asks every instance), then the app route
 * on each instance found; the history card then asks the revision metadata of every history row
 * in parallel. With the default `revisionsToLoad` (-1) the rows are `slice(0, -1)` of the history
 * sorted newest first, so the oldest row gets no call. Each card runs this on its own.
 */
export function roadieView(baseUrl: string, cards: RoadieCards): EntityView {
  const card = async (entity: BenchEntity, withHistory: boolean) => {
    const appName = encodeURIComponent(entity.app.name);
    const found = await getJson<RoadieLocation[]>(
      baseUrl,
      `/api/argocd/find/name/${appName}`,
    );
    if (found.length !== 1 || found[0].name !== entity.app.instance) {
      throw new Error(
        `Roadie found ${entity.app.name} on ${JSON.stringify(
          found,
        )}, expected ${entity.app.instance}`,
      );
    }
    const apps = await Promise.all(
      found.map(async location => ({
        instance: location.name,
        app: await getJson<RoadieApp>(
          baseUrl,
          `/api/argocd/argoInstance/${location.name}/applications/name/${appName}`,
        ),
      })),
    );
    if (!withHistory) return;
    const rows = apps.flatMap(({ instance, app }) =>
      [...(app.status?.history ?? [])]
        .sort(
          (a, b) =>
            new Date(b.deployedAt ?? '').valueOf() -
            new Date(a.deployedAt ?? '').valueOf(),
        )
        .slice(0, -1)
        .filter(row => row.source?.chart === undefined && row.revision)
        .map(row => ({
          instance,
          app: app.metadata.name,
          revision: row.revision!,
        })),
    );
    if (rows.length !== HISTORY_LENGTH - 1) {
      throw new Error(
        `Roadie's history of ${entity.app.name} has ${rows.length} rows`,
      );
    }
    await Promise.all(
      rows.map(async row => {
        const metadata = await getJson<{ author?: string }>(
          baseUrl,
          `/api/argocd/argoInstance/${
            row.instance
          }/applications/name/${encodeURIComponent(
            row.app,
          )}/revisions/${encodeURIComponent(row.revision)}/metadata`,
        );
        if (!metadata.author) {
          throw new Error(
            `No revision metadata for ${row.app}@${row.revision}`,
          );
        }
      }),
    );
  };
  return async entity => {
    if (cards === 'history') {
      await card(entity, true);
    } else {
      await Promise.all([card(entity, false), card(entity, true)]);
    }
  };
}
