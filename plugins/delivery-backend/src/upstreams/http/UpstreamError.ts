// The HTTP layer lives in the shared node library; this module keeps the backend's import path.
export {
  UpstreamError,
  toUpstreamFailure,
} from '@go-delivery/plugin-delivery-node';
