import { InputError } from '@backstage/errors';
import { coverageUploadPermission } from '@go-delivery/plugin-delivery-common';
import express from 'express';
import Router from 'express-promise-router';
import { ActionFrameServices, entityAction } from '../actions/entityAction';
import { CoverageService } from '../services/coverage/CoverageService';
import { readFilesQuery } from '../services/coverage/filesQuery';
import { readUploadBody } from '../services/coverage/uploadBody';
import {
  isGitBranchName,
  readUploadParams,
} from '../services/coverage/uploadParams';
import { entityRead } from './entityRead';

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
 * service token; `GET /entities/:kind/:namespace/:name/coverage` (per-package figures),
 * `…/coverage/files` (one package's files, a page at a time) and `…/coverage/history` for
 * whoever can read the entity.
 *
 * Mount before any body parser: the upload reads the request stream itself.
 */
export function coverageRoutes(
  options: ActionFrameServices & {
    coverage: CoverageService;
    coverageConfig: { maxUploadBytes: number };
  },
) {
  const { coverage } = options;
  const { maxUploadBytes } = options.coverageConfig;
  const router = Router();

  router.post(
    '/coverage',
    entityAction(options, {
      eventId: 'coverage-upload',
      severity: 'medium',
      allow: ['service'],
      parse: req => readUploadParams(req.query),
      entityOf: params => params.entity,
      permission: () => coverageUploadPermission,
      act: ({ targets, body: params, request }) =>
        coverage.upload({
          targets,
          commit: params.commit,
          branch: params.branch,
          format: params.format,
          body: readUploadBody(request, maxUploadBytes),
        }),
      summarize: ({ entityRef, report }) => ({
        entityRef,
        commit: report.commit,
        branch: report.branch,
        format: report.format,
        covered: report.covered,
        total: report.total,
        percent: report.percent,
        passed: report.passed,
      }),
      status: 201,
    }),
  );

  router.get(
    '/entities/:kind/:namespace/:name/coverage',
    entityRead({
      ...options,
      eventId: 'coverage-read',
      parse: req => ({ branch: readBranchFilter(req.query) }),
      read: ({ targets, input }) => coverage.latest(targets, input),
      summarize: response => ({ commit: response.latest?.commit ?? null }),
    }),
  );

  router.get(
    '/entities/:kind/:namespace/:name/coverage/files',
    entityRead({
      ...options,
      eventId: 'coverage-files-read',
      parse: req => readFilesQuery(req.query),
      read: ({ targets, input }) => coverage.files(targets, input),
      summarize: response => ({
        commit: response.commit,
        package: response.package,
        page: response.page,
        files: response.files.length,
      }),
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
      read: ({ targets, input }) => coverage.history(targets, input),
      summarize: response => ({ points: response.points.length }),
    }),
  );

  return router;
}
