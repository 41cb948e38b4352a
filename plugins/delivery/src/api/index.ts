export { deliveryApiRef } from './DeliveryApi';
export type {
  CoverageHistoryQuery,
  CoverageQuery,
  DeliveryApi,
  DoraQuery,
  MetricsQuery,
  TeamDoraQuery,
} from './DeliveryApi';
export { DeliveryClient } from './DeliveryClient';
