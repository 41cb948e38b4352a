import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import request from 'supertest';
import { deliveryTestPlugin } from '../__testUtils__/deliveryTestPlugin';
import {
  catalogOf,
  ownerOnlyPermissions,
  testComponent,
} from '../__testUtils__/routeTestServices';

/*
 * The Delivery actions as an MCP client sees them: JSON-RPC to the MCP actions backend, which
 * lists and calls them through the actions service with the caller's credentials.
 */

const OWNER = 'user:default/alice';
const OTHER = 'user:default/bob';

/** One JSON-RPC call over MCP's streamable HTTP transport; the answer may come as an SSE event. */
async function mcp(
  server: Awaited<ReturnType<typeof startTestBackend>>['server'],
  user: string,
  method: string,
  params: object,
) {
  const res = await request(server)
    .post('/api/mcp-actions/v1')
    .set('Authorization', mockCredentials.user.header(user))
    .set('Accept', 'application/json, text/event-stream')
    .send({ jsonrpc: '2.0', id: 1, method, params });
  expect(res.status).toBe(200);
  const text = res.text;
  const data = text.startsWith('{')
    ? text
    : text
        .split('\n')
        .filter(line => line.startsWith('data: '))
        .map(line => line.slice('data: '.length))
        .join('');
  return JSON.parse(data);
}

describe('Delivery actions over MCP', () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  beforeAll(async () => {
    ({ server } = await startTestBackend({
      features: [
        deliveryTestPlugin(),
        mcpActionsPlugin,
        actionsRegistryServiceFactory,
        actionsServiceFactory,
        catalogOf([testComponent('payments-api', {})]).factory,
        ownerOnlyPermissions(OWNER).factory,
        mockServices.rootConfig.factory({
          data: {
            backend: { actions: { pluginSources: ['delivery'] } },
            delivery: { dora: { enabled: false } },
          },
        }),
      ],
    }));
  });

  it('lists the tools with their schemas and hints', async () => {
    const answer = await mcp(server, OWNER, 'tools/list', {});
    const tools = Object.fromEntries(
      answer.result.tools.map((t: any) => [t.name, t]),
    );
    expect(Object.keys(tools).sort()).toEqual([
      'delivery.get-delivery-state',
      'delivery.list-environments',
      'delivery.list-rollback-options',
      'delivery.preview-promotion',
      'delivery.preview-rollback',
      'delivery.promote',
      'delivery.rerun-pipeline',
      'delivery.rollback',
      'delivery.rollout-action',
    ]);
    expect(tools['delivery.rollback'].annotations).toMatchObject({
      destructiveHint: true,
    });
    expect(tools['delivery.get-delivery-state'].annotations).toMatchObject({
      readOnlyHint: true,
    });
    expect(tools['delivery.rollback'].inputSchema.required).toEqual(
      expect.arrayContaining(['entityRef', 'kind', 'idempotencyKey']),
    );
    // No field beyond the listed ones, as the routes' strict readers.
    expect(tools['delivery.rollback'].inputSchema.additionalProperties).toBe(
      false,
    );
  });

  it('calls a tool as the caller: the frame answers, and refuses what the caller may not do', async () => {
    const state = await mcp(server, OWNER, 'tools/call', {
      name: 'delivery.get-delivery-state',
      arguments: { entityRef: 'component:default/payments-api' },
    });
    expect(state.result.isError ?? false).toBe(false);
    expect(JSON.stringify(state.result.content)).toContain('applications');

    const refused = await mcp(server, OTHER, 'tools/call', {
      name: 'delivery.rollback',
      arguments: {
        entityRef: 'component:default/payments-api',
        kind: 'argocd',
        instance: 'prod',
        application: 'payments-api-prod',
        historyId: 3,
        idempotencyKey: 'mcp-refused-0001',
      },
    });
    expect(JSON.stringify(refused)).toMatch(
      /Not allowed to delivery\.rollback for 'component:default\/payments-api'/,
    );
  });
});
