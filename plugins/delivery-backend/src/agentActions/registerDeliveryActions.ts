import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { JsonObject } from '@backstage/types';
import { ROLLOUT_ACTIONS } from '@go-delivery/plugin-delivery-common';
import { Request } from 'express';
import { frameRequest } from './frameRequest';

/** A frame's transport-free call (see `entityAction` and `entityRead`). */
type Frame<T> = {
  run(call: {
    credentials: BackstageCredentials;
    request: Request;
  }): Promise<T>;
};
type ActionFrame<T> = Frame<{ status: number; result: T }>;

/** The frames the actions call: the very ones the HTTP routes mount. */
export interface DeliveryFrames {
  deployments: { read: Frame<object> };
  rollouts: { read: Frame<object>; act: ActionFrame<object> };
  rollback: {
    options: Frame<object>;
    preview: ActionFrame<object>;
    rollback: ActionFrame<object>;
  };
  rerun: ActionFrame<object>;
  promotion: {
    environments: Frame<object>;
    preview: ActionFrame<object>;
    promote: ActionFrame<object>;
  };
}

/** JSON as the registry returns it (the view models are JSON, without saying so). */
function json(value: object): JsonObject {
  return JSON.parse(JSON.stringify(value));
}

const ENTITY_REF = 'The entity, e.g. component:default/payments-api';
const IDEMPOTENCY_KEY =
  'Chosen once per intent (8–128 letters, digits, - or _): the same key again is answered, not acted on';
const CONFIRMATION =
  "For production-like targets: the target's name, typed by the person who asked for this";

/** An action's input without its entity: the route's body. */
const withoutEntity = ({ entityRef: _e, ...body }: { entityRef: string }) =>
  body;
/** What an action receives, of an input naming the entity. */
type Call<T extends { entityRef: string }> = {
  input: T;
  credentials: BackstageCredentials;
};
/** Reads through a read frame for the input's entity. */
const readThrough =
  (frame: Frame<object>) =>
  async <T extends { entityRef: string }>({ input, credentials }: Call<T>) => ({
    output: json(
      await frame.run({
        credentials,
        request: frameRequest({ entityRef: input.entityRef }),
      }),
    ),
  });
/** Acts through an action frame, the input without the entity being the route's body. */
const actThrough =
  (frame: ActionFrame<object>) =>
  async <T extends { entityRef: string }>({ input, credentials }: Call<T>) => {
    const { result } = await frame.run({
      credentials,
      request: frameRequest({
        entityRef: input.entityRef,
        body: withoutEntity(input),
      }),
    });
    return { output: json(result) };
  };

/**
 * The Delivery actions for agents and automations, in the actions registry (served over MCP by
 * the MCP actions backend). Each calls the frame its HTTP route uses, with the caller's
 * credentials: the same permission checks, bindings, confirmations, idempotency and audit events.
 */
export function registerDeliveryActions(options: {
  actionsRegistry: ActionsRegistryService;
  frames: DeliveryFrames;
}) {
  const { actionsRegistry, frames } = options;

  actionsRegistry.register({
    name: 'get-delivery-state',
    title: 'Get the delivery state of an entity',
    description:
      "The entity's Argo CD applications (sync, health, history, resources) and Argo Rollouts (steps, weights, analysis), with the instances that could not be read.",
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({ entityRef: z.string().describe(ENTITY_REF) }).strict(),
      output: z =>
        z.object({
          deployments: z.record(z.unknown()),
          rollouts: z.record(z.unknown()),
        }),
    },
    action: async ({ input, credentials }) => {
      const request = () => frameRequest({ entityRef: input.entityRef });
      const [deployments, rollouts] = await Promise.all([
        frames.deployments.read.run({ credentials, request: request() }),
        frames.rollouts.read.run({ credentials, request: request() }),
      ]);
      return {
        output: { deployments: json(deployments), rollouts: json(rollouts) },
      };
    },
  });

  actionsRegistry.register({
    name: 'list-rollback-options',
    title: 'List the rollback options of an entity',
    description:
      'What a rollback can do for the entity: abort a running canary, return to an earlier deploy with Argo CD or through GitOps, undo a Rollout; each with why not when it does not apply.',
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({ entityRef: z.string().describe(ENTITY_REF) }).strict(),
      output: z => z.object({}).passthrough(),
    },
    action: readThrough(frames.rollback.options),
  });

  const rollbackTarget = (
    z: Parameters<
      Parameters<ActionsRegistryService['register']>[0]['schema']['input']
    >[0],
  ) => ({
    entityRef: z.string().describe(ENTITY_REF),
    kind: z
      .enum(['abort-canary', 'rollout-undo', 'argocd', 'gitops'])
      .describe('Which way of rolling back (see list-rollback-options)'),
    instance: z
      .string()
      .optional()
      .describe('Argo CD instance (argocd, gitops)'),
    application: z
      .string()
      .optional()
      .describe('Argo CD application (argocd, gitops)'),
    appNamespace: z.string().optional(),
    historyId: z
      .number()
      .int()
      .optional()
      .describe('The history entry to return to (argocd, gitops)'),
    disableAutoSync: z
      .boolean()
      .optional()
      .describe('argocd: turn automated sync off first'),
    prune: z.boolean().optional().describe('argocd'),
    rollout: z
      .object({ cluster: z.string(), namespace: z.string(), name: z.string() })
      .optional()
      .describe('The Rollout (abort-canary, rollout-undo)'),
    toRevision: z.number().int().optional().describe('rollout-undo'),
  });

  type Zod = Parameters<typeof rollbackTarget>[0];
  const applicationRef = (z: Zod) =>
    z
      .object({
        instance: z.string().describe('Argo CD instance'),
        application: z.string().describe('Argo CD application'),
        appNamespace: z.string().optional(),
      })
      .strict();
  const promotionTarget = (z: Zod) => ({
    entityRef: z.string().describe(ENTITY_REF),
    from: applicationRef(z).describe(
      'The environment whose deployed image is promoted (see list-environments)',
    ),
    to: applicationRef(z).describe('The next environment'),
  });

  actionsRegistry.register({
    name: 'preview-rollback',
    title: 'Preview a rollback',
    description:
      'What a rollback would change (the Argo CD sync, the Rollout, or the GitOps diff); changes nothing.',
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z => z.object(rollbackTarget(z)).strict(),
      output: z => z.object({}).passthrough(),
    },
    action: actThrough(frames.rollback.preview),
  });

  actionsRegistry.register({
    name: 'rollback',
    title: 'Roll an entity back',
    description:
      "Performs a rollback the preview showed. Needs delivery.rollback on the entity, the target's name as confirmation for production-like targets, and an idempotency key.",
    attributes: { readOnly: false, destructive: true, idempotent: true },
    schema: {
      input: z =>
        z
          .object({
            ...rollbackTarget(z),
            confirmation: z.string().optional().describe(CONFIRMATION),
            idempotencyKey: z.string().describe(IDEMPOTENCY_KEY),
          })
          .strict(),
      output: z => z.object({}).passthrough(),
    },
    action: actThrough(frames.rollback.rollback),
  });

  actionsRegistry.register({
    name: 'rollout-action',
    title: 'Abort, promote or retry a canary',
    description:
      "Acts on one of the entity's Argo Rollouts as `kubectl argo rollouts` does: abort, promote, promote-full, retry or undo. Needs the matching delivery.rollout.* (or delivery.rollback for undo) permission, the confirmation for production-like targets, and an idempotency key.",
    attributes: { readOnly: false, destructive: true, idempotent: true },
    schema: {
      input: z =>
        z
          .object({
            entityRef: z.string().describe(ENTITY_REF),
            action: z.enum(ROLLOUT_ACTIONS as unknown as [string, ...string[]]),
            cluster: z.string(),
            namespace: z.string(),
            name: z.string().describe('The Rollout'),
            toRevision: z.number().int().optional().describe('undo'),
            confirmation: z.string().optional().describe(CONFIRMATION),
            idempotencyKey: z.string().describe(IDEMPOTENCY_KEY),
          })
          .strict(),
      output: z => z.object({}).passthrough(),
    },
    action: async ({ input, credentials }) => {
      const { entityRef, action, ...body } = input;
      const { result } = await frames.rollouts.act.run({
        credentials,
        request: frameRequest({ entityRef, params: { action }, body }),
      });
      return { output: json(result) };
    },
  });

  actionsRegistry.register({
    name: 'list-environments',
    title: 'List the environments of an entity and their promotion gates',
    description:
      "The entity's environments in promotion order (what runs where, how far behind the one before), and each promotion step with its gates (open, shut, unknown or skipped, each with its reason).",
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({ entityRef: z.string().describe(ENTITY_REF) }).strict(),
      output: z => z.object({}).passthrough(),
    },
    action: readThrough(frames.promotion.environments),
  });

  actionsRegistry.register({
    name: 'preview-promotion',
    title: 'Preview a promotion',
    description:
      'What promoting one environment into the next would change (the image, the GitOps diff) and its gates as they are now; changes nothing.',
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z => z.object(promotionTarget(z)).strict(),
      output: z => z.object({}).passthrough(),
    },
    action: actThrough(frames.promotion.preview),
  });

  actionsRegistry.register({
    name: 'promote',
    title: 'Promote an environment into the next',
    description:
      "Pins the image the source environment runs in the next environment's GitOps file (a commit or a pull request), if every gate is open. Needs delivery.promote, the target's name as confirmation for production-like targets and an idempotency key; overriding shut gates needs delivery.promote.override and a reason.",
    attributes: { readOnly: false, destructive: true, idempotent: true },
    schema: {
      input: z =>
        z
          .object({
            ...promotionTarget(z),
            confirmation: z.string().optional().describe(CONFIRMATION),
            override: z
              .object({
                reason: z
                  .string()
                  .describe(
                    'Why the shut gates may be passed (10–500 characters)',
                  ),
              })
              .strict()
              .optional(),
            idempotencyKey: z.string().describe(IDEMPOTENCY_KEY),
          })
          .strict(),
      output: z => z.object({}).passthrough(),
    },
    action: actThrough(frames.promotion.promote),
  });

  actionsRegistry.register({
    name: 'rerun-pipeline',
    title: 'Rerun a pipeline run',
    description:
      "Starts a new Tekton PipelineRun from the spec of one of the entity's runs. Needs delivery.pipelinerun.rerun and an idempotency key.",
    attributes: { readOnly: false, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z
          .object({
            entityRef: z.string().describe(ENTITY_REF),
            cluster: z.string(),
            namespace: z.string(),
            name: z.string().describe('The PipelineRun to start again'),
            idempotencyKey: z.string().describe(IDEMPOTENCY_KEY),
          })
          .strict(),
      output: z => z.object({}).passthrough(),
    },
    action: actThrough(frames.rerun),
  });
}
