import {
  DoraPeriod,
  EntityDoraResponse,
  TeamDoraResponse,
} from '@go-delivery/plugin-delivery-common';
import { ProductionTargets } from '../../actions/confirmation';
import { DeliveryEventStore } from '../../database/DeliveryEventStore';
import { inPromotionOrder } from '../deployments/applicationEnvironment';
import {
  computeDoraFigures,
  computeDoraWeeks,
  DoraSettings,
} from './computeDora';
import { defaultEnvironment } from './eventEnvironment';

const DAY_MS = 86_400_000;
/** The events a response lists. */
const MAX_EVENTS = 200;
/** The environment of a service without any recorded event. */
const FALLBACK_ENVIRONMENT = 'prod';

/**
 * The DORA figures of one service or of a team's services, from the event store alone (no
 * upstream request): a team page of 200 services is two queries.
 */
export class DoraService {
  constructor(
    private readonly options: {
      store: DeliveryEventStore;
      productionTargets: ProductionTargets;
      settings: DoraSettings;
      now?: () => number;
    },
  ) {}

  async entityDora(request: {
    entityRef: string;
    days: number;
    environment?: string;
  }): Promise<EntityDoraResponse> {
    const { store, settings } = this.options;
    const { entityRef } = request;
    const period = this.period(request.days);
    const [known, collected] = await Promise.all([
      store.environments([entityRef]),
      store.collectedAt([entityRef]),
    ]);
    const environments = inPromotionOrder(known.get(entityRef) ?? []);
    const environment =
      request.environment ??
      defaultEnvironment(environments, this.options.productionTargets) ??
      FALLBACK_ENVIRONMENT;
    const events = await store.listEvents({
      entityRefs: [entityRef],
      from: new Date(period.from),
      to: new Date(period.to),
      environment,
    });
    const figures = computeDoraFigures(events, period, settings);
    const cited = new Set(
      Object.values(figures).flatMap(figure => figure.eventIds),
    );
    return {
      entityRef,
      environment,
      environments,
      period,
      figures,
      weeks: computeDoraWeeks(events, period, settings),
      events: events
        .filter(event => cited.has(event.id))
        .reverse()
        .slice(0, MAX_EVENTS),
      collectedAt: collected.get(entityRef)?.toISOString() ?? null,
    };
  }

  /**
   * Each service's figures in its default environment, and the team's over all those events
   * together.
   */
  async teamDora(request: {
    groupRef: string;
    days: number;
    services: Array<{ entityRef: string; title?: string }>;
  }): Promise<TeamDoraResponse> {
    const { store, settings, productionTargets } = this.options;
    const period = this.period(request.days);
    const refs = request.services.map(s => s.entityRef);
    const [known, events] = await Promise.all([
      store.environments(refs),
      store.listEvents({
        entityRefs: refs,
        from: new Date(period.from),
        to: new Date(period.to),
      }),
    ]);
    const byService = new Map<string, typeof events>();
    for (const event of events) {
      const key = `${event.entityRef}\n${event.environment}`;
      const list = byService.get(key) ?? [];
      list.push(event);
      byService.set(key, list);
    }
    const all = [];
    const services = [];
    for (const service of request.services) {
      const environment =
        defaultEnvironment(
          known.get(service.entityRef) ?? [],
          productionTargets,
        ) ?? FALLBACK_ENVIRONMENT;
      const own = byService.get(`${service.entityRef}\n${environment}`) ?? [];
      all.push(...own);
      services.push({
        entityRef: service.entityRef,
        ...(service.title ? { title: service.title } : {}),
        environment,
        figures: computeDoraFigures(own, period, settings),
      });
    }
    return {
      groupRef: request.groupRef,
      period,
      services,
      aggregate: computeDoraFigures(all, period, settings),
    };
  }

  private period(days: number): DoraPeriod {
    const to = (this.options.now ?? Date.now)();
    return {
      from: new Date(to - days * DAY_MS).toISOString(),
      to: new Date(to).toISOString(),
      days,
    };
  }
}
