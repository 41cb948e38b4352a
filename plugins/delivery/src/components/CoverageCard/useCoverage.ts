import {
  CoverageHistoryResponse,
  CoverageResponse,
} from '@go-delivery/plugin-delivery-common';
import { useDeliveryData } from '../../kit';

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
  return useDeliveryData(
    async (api, ref): Promise<CoverageData> => {
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
    },
    [branch, historyLimit],
  );
}
