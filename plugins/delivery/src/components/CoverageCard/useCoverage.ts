import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  CoverageHistoryResponse,
  CoverageResponse,
} from '@go-delivery/plugin-delivery-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { deliveryApiRef } from '../../api';

/** The latest report, and the trend of its branch (which may fail on its own). */
export interface CoverageData {
  coverage: CoverageResponse;
  history?: CoverageHistoryResponse;
  historyError?: Error;
}

/**
 * The entity's latest coverage report and the history of the same branch, so the trend compares
 * like with like. Without a branch, the branch of the latest report is used.
 */
export function useCoverage(options: {
  branch?: string;
  historyLimit: number;
}) {
  const { branch, historyLimit } = options;
  const { entity } = useEntity();
  const api = useApi(deliveryApiRef);
  const ref = getCompoundEntityRef(entity);
  return useAsyncRetry(async (): Promise<CoverageData> => {
    const coverage = await api.getCoverage(ref, { branch });
    if (!coverage.latest) return { coverage };
    try {
      const history = await api.getCoverageHistory(ref, {
        branch: branch ?? coverage.latest.branch,
        limit: historyLimit,
      });
      return { coverage, history };
    } catch (error) {
      return { coverage, historyError: error as Error };
    }
  }, [api, ref.kind, ref.namespace, ref.name, branch, historyLimit]);
}
