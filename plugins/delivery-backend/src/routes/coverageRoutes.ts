import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { coverageUploadPermission } from '@go-delivery/plugin-delivery-common';
import express from 'express';
import Router from 'express-promise-router';
import { entityRead } from './entityRead';
import { loadEntityForCaller } from '../lib/loadEntityForCaller';
import { CoverageService } from '../services/coverage/CoverageService';
import { readUploadBody } from '../services/coverage/uploadBody';
import {
  isGitBranchName,
  readUploadParams,
} from '../services/coverage/uploadParams';

const DEFAULT_HISTORY_LIMIT = 100;
const MAX_HISTORY_LIMIT = 1000;

function readBranchFilter(query: express.Request['query']): string | undefined {
  const { branch } = query;
  if (branch === undefined) return undefined;
  if (typeof branch !== 'string' || !isGitBranchName(branch)) {
    throw new InputError(
      "Query parameter 'branch' is not a valid git branch name",
    );
  }
  return branch;
}

function readHistoryLimit(query: express.Request['query']): number {
  const { limit } = query;
  if (limit === undefined) return DEFAULT_HISTORY_LIMIT;
  const value =
    typeof limit === 'string' && /^\d+$/.test(limit) ? Number(limit) : NaN;
  if (!(value >= 1 && value <= MAX_HISTORY_LIMIT)) {
    throw new InputError(
      `Query parameter 'limit' must be a whole number from 1 to ${MAX_HISTORY_LIMIT}`,
    );
  }
  return value;
}

/**
 * `POST /coverage?entity=&commit=&branch=&format=` with the raw report as the body, for CI with a
 * service token; `GET /entities/:kind/:namespace/:name/coverage` and `…/coverage/history` for
 * whoever can read the entity.
 *
 * Mount before any body parser: the upload reads the request stream itself.
 */
export function coverageRoutes(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  catalog: CatalogService;
  permissions: PermissionsService;
  coverage: CoverageService;
  coverageConfig: { maxUploadBytes: number };
}) {
  const { httpAuth, auditor, catalog, permissions, coverage } = options;
  const { maxUploadBytes } = options.coverageConfig;
  const router = Router();

  router.post('/coverage', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['service'] });
    const auditorEvent = await auditor.createEvent({
      eventId: 'coverage-upload',
      severityLevel: 'medium',
      request: req,
    });
    try {
      const params = readUploadParams(req.query);
      const entity = await loadEntityForCaller({
        catalog,
        params: params.entity,
        credentials,
      });
      const entityRef = stringifyEntityRef(entity);
      const [decision] = await permissions.authorize(
        [{ permission: coverageUploadPermission, resourceRef: entityRef }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `Not allowed to upload coverage for '${entityRef}'`,
        );
      }
      const response = await coverage.upload({
        entity,
        commit: params.commit,
        branch: params.branch,
        format: params.format,
        body: readUploadBody(req, maxUploadBytes),
      });
      const { report } = response;
      await auditorEvent.success({
        meta: {
          entityRef,
          commit: report.commit,
          branch: report.branch,
          format: report.format,
          covered: report.covered,
          total: report.total,
          percent: report.percent,
          passed: report.passed,
        },
      });
      res.status(201).json(response);
    } catch (error) {
      if (!req.readableEnded) {
        // Don't leave an unread body on a keep-alive connection: drain it and close afterwards.
        res.setHeader('Connection', 'close');
        req.resume();
      }
      await auditorEvent.fail({ error: error as Error });
      throw error;
    }
  });

  router.get(
    '/entities/:kind/:namespace/:name/coverage',
    entityRead({
      ...options,
      eventId: 'coverage-read',
      parse: req => ({ branch: readBranchFilter(req.query) }),
      read: ({ entity, input }) => coverage.latest(entity, input),
      summarize: response => ({ commit: response.latest?.commit ?? null }),
    }),
  );

  router.get(
    '/entities/:kind/:namespace/:name/coverage/history',
    entityRead({
      ...options,
      eventId: 'coverage-history-read',
      parse: req => ({
        branch: readBranchFilter(req.query),
        limit: readHistoryLimit(req.query),
      }),
      read: ({ entity, input }) => coverage.history(entity, input),
      summarize: response => ({ points: response.points.length }),
    }),
  );

  return router;
}
