import { MAX_REPORTED_EVENTS } from '@go-delivery/plugin-delivery-common';
import { SANDBOX_COVERAGE_TOKEN } from '../coverage/seedCoverage';
import { waitForBackend } from '../http/waitForBackend';
import { demoDeliveryHistory } from './demoDeliveryHistory';
import { deadlineIn } from '../time/deadline';

const BATCH = MAX_REPORTED_EVENTS;

function eventsPath(service: string): string {
  return `/api/delivery/entities/component/default/${service}/events`;
}

/**
 * Reports the demo services' three months of delivery history before what Argo CD still keeps,
 * through the backend's real report endpoint and the sandbox's CI token, as a team importing its
 * past deploys would. The endpoint records each event once by its id, so seeding again (the local
 * backend keeps its data in memory and may restart) records nothing twice.
 */
export async function seedDeliveryHistory(options: {
  baseUrl: string;
  /** Milliseconds: the oldest deploy the sandbox's Argo CD keeps; the seeded history ends there. */
  until: number;
  log: (line: string) => void;
}): Promise<void> {
  const { baseUrl, log } = options;
  await waitForBackend(baseUrl, 10 * 60_000);
  const history = demoDeliveryHistory({ until: options.until });
  for (const [service, events] of Object.entries(history)) {
    let recorded = 0;
    for (let i = 0; i < events.length; i += BATCH) {
      const response = await postWhenKnown(
        `${baseUrl}${eventsPath(service)}`,
        JSON.stringify({ events: events.slice(i, i + BATCH) }),
        5 * 60_000,
      );
      recorded += (await response.json()).recorded ?? 0;
    }
    if (recorded > 0) {
      log(`seeded ${recorded} delivery events for ${service}`);
    }
  }
}

/** Posts once the catalog knows the entity: 404 until then, 401/503 while the backend starts. */
async function postWhenKnown(
  url: string,
  body: string,
  timeoutMs: number,
): Promise<Response> {
  const deadline = deadlineIn(timeoutMs);
  for (;;) {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${SANDBOX_COVERAGE_TOKEN}`,
        'content-type': 'application/json',
      },
      body,
    });
    if (response.ok) return response;
    if (![401, 404, 503].includes(response.status) || deadline.passed()) {
      throw new Error(
        `reporting events to ${url} failed: HTTP ${
          response.status
        } ${await response.text()}`,
      );
    }
    await new Promise(r => setTimeout(r, 1000));
  }
}
