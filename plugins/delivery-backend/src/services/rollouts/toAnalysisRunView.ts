import {
  AnalysisMetricView,
  AnalysisRunView,
} from '@go-delivery/plugin-delivery-common';
import {
  AnalysisRunResource,
  POD_TEMPLATE_HASH_LABEL,
  REVISION_ANNOTATION,
} from './argoRolloutsTypes';
import { arrayOf, integerOf, isoTime, numberOr, stringOf } from './readValues';

/** Measurements kept per metric in the view (Argo Rollouts keeps up to ten). */
const LAST_MEASUREMENTS = 3;

function metricViews(run: AnalysisRunResource): AnalysisMetricView[] {
  const specs = arrayOf(run.spec?.metrics).filter(Boolean);
  const results = arrayOf(run.status?.metricResults).filter(Boolean);
  const names = [...specs.map(m => m.name), ...results.map(r => r.name)].filter(
    (n, i, all): n is string => !!n && all.indexOf(n) === i,
  );
  return names.map(name => {
    const spec = specs.find(m => m.name === name);
    const result = results.find(r => r.name === name);
    const failureLimit = spec?.failureLimit;
    return {
      name,
      phase: stringOf(result?.phase) ?? 'Pending',
      ...(stringOf(result?.message) ? { message: result!.message } : {}),
      ...(spec?.provider && typeof spec.provider === 'object'
        ? { provider: Object.keys(spec.provider)[0] }
        : {}),
      ...(stringOf(spec?.successCondition)
        ? { successCondition: spec!.successCondition }
        : {}),
      ...(stringOf(spec?.failureCondition)
        ? { failureCondition: spec!.failureCondition }
        : {}),
      ...(failureLimit !== undefined && failureLimit !== null
        ? { failureLimit: String(failureLimit) }
        : {}),
      count: numberOr(result?.count, 0),
      successful: numberOr(result?.successful, 0),
      failed: numberOr(result?.failed, 0),
      inconclusive: numberOr(result?.inconclusive, 0),
      error: numberOr(result?.error, 0),
      lastMeasurements: arrayOf(result?.measurements)
        .filter(Boolean)
        .slice(-LAST_MEASUREMENTS)
        .map(m => ({
          phase: stringOf(m.phase) ?? 'Pending',
          ...(m.value !== undefined && m.value !== null
            ? { value: String(m.value) }
            : {}),
          ...(stringOf(m.message) ? { message: m.message } : {}),
          ...(isoTime(m.startedAt) ? { startedAt: isoTime(m.startedAt) } : {}),
          ...(isoTime(m.finishedAt)
            ? { finishedAt: isoTime(m.finishedAt) }
            : {}),
        })),
    };
  });
}

/** What the card shows of one AnalysisRun: its phase and each metric's last measurements. */
export function toAnalysisRunView(run: AnalysisRunResource): AnalysisRunView {
  const labels = run.metadata?.labels ?? {};
  const revision = integerOf(run.metadata?.annotations?.[REVISION_ANNOTATION]);
  const stepIndex = integerOf(labels['step-index']);
  return {
    name: run.metadata?.name ?? '',
    namespace: run.metadata?.namespace ?? '',
    phase: stringOf(run.status?.phase) ?? 'Pending',
    ...(stringOf(run.status?.message) ? { message: run.status!.message } : {}),
    ...(stringOf(labels['rollout-type'])
      ? { type: labels['rollout-type'] }
      : {}),
    ...(stringOf(labels[POD_TEMPLATE_HASH_LABEL])
      ? { podHash: labels[POD_TEMPLATE_HASH_LABEL] }
      : {}),
    ...(revision !== undefined ? { revision } : {}),
    ...(stepIndex !== undefined ? { stepIndex } : {}),
    ...(isoTime(run.metadata?.creationTimestamp)
      ? { createdAt: isoTime(run.metadata?.creationTimestamp) }
      : {}),
    ...(isoTime(run.status?.startedAt)
      ? { startedAt: isoTime(run.status?.startedAt) }
      : {}),
    terminated: run.spec?.terminate === true,
    metrics: metricViews(run),
  };
}
