import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { PipelineRunRef } from '@go-delivery/plugin-delivery-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { entityRead } from './entityRead';
import { loadEntityForCaller } from '../lib/loadEntityForCaller';
import { PipelinesService } from '../services/pipelines/PipelinesService';

const REF_FIELDS = ['cluster', 'namespace', 'name'] as const;

/** The body of rerun and cancel: exactly a cluster, a namespace and a run name. */
function readRunRef(body: unknown): PipelineRunRef {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InputError(
      'Expected a JSON object with cluster, namespace and name',
    );
  }
  const unexpected = Object.keys(body).filter(
    k => !(REF_FIELDS as readonly string[]).includes(k),
  );
  if (unexpected.length > 0) {
    throw new InputError(
      `Unexpected field '${unexpected[0]}'; expected cluster, namespace and name`,
    );
  }
  const values = body as Record<string, unknown>;
  for (const field of REF_FIELDS) {
    const value = values[field];
    if (typeof value !== 'string' || value.length === 0 || value.length > 253) {
      throw new InputError(
        `'${field}' must be a non-empty string of at most 253 characters`,
      );
    }
  }
  return {
    cluster: values.cluster as string,
    namespace: values.namespace as string,
    name: values.name as string,
  };
}

function entityRefOf(req: Request): string {
  return `${req.params.kind}:${req.params.namespace}/${req.params.name}`;
}

/**
 * The pipeline card's routes under `/entities/:kind/:namespace/:name/pipelines`: the entity's
 * runs, one step's log, rerun and cancel. Upstreams come from the entity's annotations and the
 * server config only; a body can only name one of the entity's own runs.
 */
export function pipelinesRoutes(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  catalog: CatalogService;
  pipelines: PipelinesService;
}) {
  const { httpAuth, auditor, catalog, pipelines } = options;
  const router = Router();
  const base = '/entities/:kind/:namespace/:name/pipelines';

  router.get(
    base,
    entityRead({
      ...options,
      eventId: 'pipelineruns-read',
      read: ({ entity }) => pipelines.listRuns(entity),
      summarize: response => ({
        runs: response.runs.length,
        failedClusters: response.failures.map(f => f.instance),
      }),
    }),
  );

  router.get(
    `${base}/:cluster/:runNamespace/:run/taskruns/:taskRun/steps/:step/log`,
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const ref = {
        cluster: req.params.cluster,
        namespace: req.params.runNamespace,
        name: req.params.run,
        taskRun: req.params.taskRun,
        step: req.params.step,
      };
      const event = await auditor.createEvent({
        eventId: 'pipelinerun-log-read',
        severityLevel: 'low',
        request: req,
        meta: { entityRef: entityRefOf(req), target: ref },
      });
      try {
        const entity = await loadEntityForCaller({
          catalog,
          params: req.params,
          credentials,
        });
        const log = await pipelines.getStepLog(entity, ref);
        await event.success({
          meta: {
            bytes: Buffer.byteLength(log.text),
            truncated: log.truncated,
          },
        });
        res.json(log);
      } catch (error) {
        await event.fail({ error: error as Error });
        throw error;
      }
    },
  );

  for (const action of ['rerun', 'cancel'] as const) {
    router.post(
      `${base}/${action}`,
      express.json({ limit: '10kb' }),
      async (req, res) => {
        const credentials = await httpAuth.credentials(req, {
          allow: ['user', 'service'],
        });
        const event = await auditor.createEvent({
          eventId: `pipelinerun-${action}`,
          severityLevel: 'medium',
          request: req,
          meta: { entityRef: entityRefOf(req), action },
        });
        let target: PipelineRunRef | undefined;
        try {
          target = readRunRef(req.body);
          const entity = await loadEntityForCaller({
            catalog,
            params: req.params,
            credentials,
          });
          const result = await pipelines[action]({
            entity,
            ref: target,
            credentials,
          });
          await event.success({
            meta: { action, target: { ...target }, run: { ...result.run } },
          });
          res.status(action === 'rerun' ? 201 : 200).json(result);
        } catch (error) {
          await event.fail({
            error: error as Error,
            meta: { action, ...(target ? { target: { ...target } } : {}) },
          });
          throw error;
        }
      },
    );
  }

  return router;
}
