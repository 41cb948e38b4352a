export { deliveryApiRef } from './DeliveryApi';
export type {
  CoverageHistoryQuery,
  CoverageQuery,
  DeliveryApi,
  MetricsQuery,
} from './DeliveryApi';
export { DeliveryClient } from './DeliveryClient';
