/**
 * Environment variables the service reads beyond the contract's. Their defaults keep the
 * contract's behaviour, so manifests need not set them.
 */
export const SERVICE_ENV = {
  /**
   * Go duration (default `0s`): after SIGTERM, keep serving with /readyz failing before the
   * listener closes; for load balancers without a Kubernetes `preStop` hook.
   */
  drainDelay: 'DRAIN_DELAY',
  /** Comma-separated `host:port` dependencies /readyz dials. */
  readinessTcpAddrs: 'READINESS_TCP_ADDRS',
} as const;
