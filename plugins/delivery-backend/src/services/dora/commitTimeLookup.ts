import { LoggerService } from '@backstage/backend-plugin-api';
import { PipelineRunsResponse } from '@go-delivery/plugin-delivery-common';
import {
  ArgoCdApplicationRef,
  ArgoCdClient,
  ArgoCdRevisionHistory,
} from '@go-delivery/plugin-delivery-node';
import { toIsoTime } from '../deployments/toApplicationView';
import type { CollectionSummary } from './DoraCollector';

/** What one pass shares between its entities. */
export interface CollectionPass {
  revisionReads: number;
  /** Commit times found in this pass, by revision. */
  commitTimes: Map<string, string>;
  summary: CollectionSummary;
}

/**
 * When the deployed commit was made: from the store or this pass if the revision was seen, else
 * one revision metadata read, else the Tekton run of that commit, else unknown (undefined).
 * Null when the pass has no reads left: the deploy waits for the next pass.
 */
export async function lookUpCommitTime(
  options: {
    client: ArgoCdClient;
    pass: CollectionPass;
    tektonRuns: () => Promise<PipelineRunsResponse['runs']>;
    logger: LoggerService;
  },
  ref: ArgoCdApplicationRef,
  h: { entry: ArgoCdRevisionHistory; revision?: string },
): Promise<string | undefined | null> {
  const { client, pass } = options;
  if (!h.revision) return undefined;
  const seen = pass.commitTimes.get(h.revision);
  if (seen) return seen;
  if (pass.revisionReads <= 0) return null;
  pass.revisionReads--;
  const primary = h.entry.revision || h.entry.revisions?.[0] || h.revision;
  const multiSource = !h.entry.revision && Boolean(h.entry.revisions?.length);
  let found: string | undefined;
  try {
    const metadata = await client.getRevisionMetadata(
      ref,
      primary,
      multiSource
        ? { sourceIndex: 0, versionId: Number(h.entry.id) }
        : undefined,
    );
    found = toIsoTime(metadata.date);
  } catch (error) {
    options.logger.debug(
      `DORA collector: no metadata of ${primary} from ${client.name}: ${error}`,
    );
  }
  if (found === undefined || Number.isNaN(Date.parse(found))) {
    const run = (await options.tektonRuns()).find(
      r => r.commit === primary.toLowerCase(),
    );
    found = run?.startedAt ?? run?.createdAt;
  }
  if (found) pass.commitTimes.set(h.revision, found);
  return found;
}
