// The HTTP layer lives in the shared node library; this module keeps the backend's import path.
export { requestJson } from '@go-delivery/plugin-delivery-node';
export type { UpstreamRequest } from '@go-delivery/plugin-delivery-node';
