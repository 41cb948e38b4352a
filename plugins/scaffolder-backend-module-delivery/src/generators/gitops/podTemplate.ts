import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';
import { SERVICE_CONTRACT } from '../contract';
import type { GoServiceSpec } from '../types';
import { ENVIRONMENT_PROFILES } from './environments';
import { serviceLabels } from './labels';
import { gitopsNames } from './names';

const { paths, env, portName, runAsUser, drain } = SERVICE_CONTRACT;

function httpProbe(path: string) {
  return { httpGet: { path, port: portName } };
}

/** The container of the service as the Go generator builds it (see SERVICE_CONTRACT). */
function serviceContainer(spec: GoServiceSpec): IContainer {
  return {
    name: spec.name,
    // No tag here: each overlay pins one with `images:`, and CI bumps it there.
    image: spec.imageRepository,
    imagePullPolicy: 'IfNotPresent',
    ports: [{ name: portName, containerPort: spec.port, protocol: 'TCP' }],
    env: [
      { name: env.port, value: String(spec.port) },
      {
        name: env.shutdownTimeout,
        value: `${drain.shutdownTimeoutSeconds}s`,
      },
      { name: env.logLevel, value: 'info' },
    ],
    // Application secrets arrive through the ExternalSecret; the service starts without them.
    envFrom: [
      { secretRef: { name: gitopsNames(spec.name).appSecret, optional: true } },
    ],
    startupProbe: {
      ...httpProbe(paths.liveness),
      periodSeconds: 2,
      failureThreshold: 30,
    },
    livenessProbe: {
      ...httpProbe(paths.liveness),
      periodSeconds: 10,
      timeoutSeconds: 2,
      failureThreshold: 3,
    },
    readinessProbe: {
      ...httpProbe(paths.readiness),
      periodSeconds: 5,
      timeoutSeconds: 2,
      failureThreshold: 3,
    },
    lifecycle: {
      // Endpoints are removed asynchronously; keep serving until kube-proxy and the
      // ingress have stopped sending traffic, then SIGTERM starts the bounded drain. The
      // native sleep action, because the distroless image has no `sleep` binary.
      preStop: { sleep: { seconds: drain.preStopSleepSeconds } },
    },
    // The smallest environment's figures; each overlay sets its own.
    resources: structuredClone(ENVIRONMENT_PROFILES.dev.resources),
    securityContext: {
      runAsNonRoot: true,
      runAsUser,
      runAsGroup: runAsUser,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
  };
}

/** The pod template shared by the Rollout and the Deployment. */
export function podTemplate(spec: GoServiceSpec): IPodTemplateSpec {
  const names = gitopsNames(spec.name);
  return {
    metadata: { labels: serviceLabels(spec.name) },
    spec: {
      serviceAccountName: names.serviceAccount,
      automountServiceAccountToken: false,
      // Must exceed the preStop sleep plus the shutdown timeout, or the kubelet kills mid-drain.
      terminationGracePeriodSeconds: drain.terminationGracePeriodSeconds,
      securityContext: {
        runAsNonRoot: true,
        runAsUser,
        runAsGroup: runAsUser,
        fsGroup: runAsUser,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: [serviceContainer(spec)],
      // The root filesystem is read-only; a small scratch directory for the standard library.
      volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
    },
  };
}
