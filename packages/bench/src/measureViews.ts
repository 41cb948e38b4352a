import { performance } from 'node:perf_hooks';
import { AuthMode, BackendKind } from './backends/backendConfig';
import { BackendProcess } from './backends/BackendProcess';
import { BenchEntity, benchEntity, EntityVariant } from './backends/entities';
import { BenchApp } from './fixtures';
import { BenchUpstream, UpstreamCounts } from './upstream';
import { deliveryView, EntityView, roadieView, RoadieCards } from './views';

/**
 * When a view happens, relative to the backend's state:
 * - `first`: the first view after the backend process started (no session, nothing cached);
 * - `cold`: an entity this process has never shown (sessions exist; neither its data nor where
 *   its application lives is known);
 * - `warm`: the same entity again right away, within the cache TTL;
 * - `revisit`: the entity again after the cache TTL expired (the data is gone; anything kept
 *   longer, such as a session or the instance that holds the application, is not).
 */
export type ViewKind = 'first' | 'cold' | 'warm' | 'revisit';

export const VIEW_KINDS: ViewKind[] = ['first', 'cold', 'warm', 'revisit'];

/** One compared backend and the way its frontend shows an entity. */
export interface Subject {
  id: string;
  label: string;
  backend: BackendKind;
  variant: EntityVariant;
  roadieCards?: RoadieCards;
}

export const SUBJECTS: Subject[] = [
  {
    id: 'ours',
    label: 'Ours',
    backend: 'delivery',
    variant: 'name',
  },
  {
    id: 'ours-located',
    label: 'Ours, entity names the instance',
    backend: 'delivery',
    variant: 'name+instance',
  },
  {
    id: 'roadie-history',
    label: 'Roadie, history card',
    backend: 'roadie',
    variant: 'name',
    roadieCards: 'history',
  },
  {
    id: 'roadie-both',
    label: 'Roadie, overview + history cards',
    backend: 'roadie',
    variant: 'name',
    roadieCards: 'overview+history',
  },
];

/** The measurements of one view. */
export interface ViewSample {
  subject: string;
  mode: AuthMode;
  /** Which fresh backend process (1-based) answered it. */
  round: number;
  kind: ViewKind;
  ms: number;
  upstream: UpstreamCounts;
}

export interface ViewPlan {
  modes: AuthMode[];
  rounds: number;
  /** Entities per subject and round that get a cold, warm and revisit view. */
  entities: number;
  warmRepeats: number;
  cacheTtlSeconds: number;
  workDir: string;
  log: (line: string) => void;
}

/** Apps used by the view rounds: index 0 for the first view, then the cold ones, per variant. */
export function viewAppCount(plan: Pick<ViewPlan, 'entities'>): number {
  return 2 * (plan.entities + 1);
}

function entitiesFor(
  subject: Subject,
  apps: BenchApp[],
  count: number,
): BenchEntity[] {
  // The two variants use different apps, so one can never hit the other's cache.
  const offset = subject.variant === 'name' ? 0 : count + 1;
  return apps
    .slice(offset, offset + count + 1)
    .map(app => benchEntity(app, subject.variant));
}

interface RunningSubject {
  subject: Subject;
  backend: BackendProcess;
  view: EntityView;
  entities: BenchEntity[];
}

async function inBatches<T, R>(
  items: T[],
  size: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) {
    results.push(...(await Promise.all(items.slice(i, i + size).map(task))));
  }
  return results;
}

/**
 * Runs the view rounds: per auth mode and round, a fresh backend process per subject, then the
 * views one at a time (never two at once, so each view's upstream requests are its own),
 * interleaving the subjects so that machine noise hits them alike.
 */
export async function measureViews(options: {
  plan: ViewPlan;
  apps: BenchApp[];
  upstream: BenchUpstream;
}): Promise<ViewSample[]> {
  const { plan, apps, upstream } = options;
  const samples: ViewSample[] = [];

  for (const mode of plan.modes) {
    for (let round = 1; round <= plan.rounds; round++) {
      plan.log(`[${mode}] round ${round}/${plan.rounds}: starting backends`);
      const running = await inBatches(SUBJECTS, 3, async subject => {
        const entities = entitiesFor(subject, apps, plan.entities);
        const backend = await BackendProcess.start({
          label: `${mode}-r${round}-${subject.id}`,
          workDir: plan.workDir,
          config: {
            kind: subject.backend,
            mode,
            instances: upstream.instances,
            cacheTtlSeconds: plan.cacheTtlSeconds,
          },
          entities,
        });
        const view =
          subject.backend === 'roadie'
            ? roadieView(backend.baseUrl, subject.roadieCards ?? 'history')
            : deliveryView(backend.baseUrl);
        return { subject, backend, view, entities };
      });
      try {
        // Rotate who goes first, so no subject always follows the same neighbour.
        const order = running.map(
          (_, i) => running[(i + round - 1) % running.length],
        );
        const measure = async (
          run: RunningSubject,
          kind: ViewKind,
          entity: BenchEntity,
        ) => {
          upstream.clear();
          const started = performance.now();
          await run.view(entity);
          const ms = performance.now() - started;
          samples.push({
            subject: run.subject.id,
            mode,
            round,
            kind,
            ms,
            upstream: upstream.count(),
          });
        };

        plan.log(`[${mode}] round ${round}: first, cold and warm views`);
        for (const run of order) await measure(run, 'first', run.entities[0]);
        for (let i = 1; i <= plan.entities; i++) {
          for (const run of order) {
            await measure(run, 'cold', run.entities[i]);
            for (let r = 0; r < plan.warmRepeats; r++) {
              await measure(run, 'warm', run.entities[i]);
            }
          }
        }
        plan.log(
          `[${mode}] round ${round}: waiting ${
            plan.cacheTtlSeconds + 1
          } s for the cache TTL`,
        );
        await new Promise(r =>
          setTimeout(r, (plan.cacheTtlSeconds + 1) * 1000),
        );
        plan.log(`[${mode}] round ${round}: revisits`);
        for (let i = 1; i <= plan.entities; i++) {
          for (const run of order) {
            await measure(run, 'revisit', run.entities[i]);
          }
        }
      } finally {
        await Promise.all(running.map(r => r.backend.stop()));
      }
    }
  }
  return samples;
}
