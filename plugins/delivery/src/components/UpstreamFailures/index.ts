export { UpstreamFailures } from './UpstreamFailures';
