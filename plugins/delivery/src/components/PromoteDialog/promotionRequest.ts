import {
  OVERRIDE_REASON_LENGTH,
  PromotionApplicationRef,
  PromotionGate,
  PromotionPreview,
  PromotionRequest,
  PromotionStepView,
  PromotionTarget,
} from '@go-delivery/plugin-delivery-common';
import { gitChangeLabel } from '../../kit';

function applicationRef(ref: PromotionApplicationRef): PromotionApplicationRef {
  return {
    instance: ref.instance,
    application: ref.application,
    ...(ref.appNamespace ? { appNamespace: ref.appNamespace } : {}),
  };
}

/** The two applications of a step, without the environment names the card shows. */
export function promotionTarget(step: PromotionStepView): PromotionTarget {
  return { from: applicationRef(step.from), to: applicationRef(step.to) };
}

/** Gates that block: shut, or not known (which blocks too). */
export function blockingGates(gates: PromotionGate[]): PromotionGate[] {
  return gates.filter(g => g.state === 'shut' || g.state === 'unknown');
}

/** Why an override reason cannot be sent yet, checked with the backend's bounds. */
export function overrideReasonProblem(reason: string): string | undefined {
  const { min, max } = OVERRIDE_REASON_LENGTH;
  const length = reason.trim().length;
  if (length < min) return `At least ${min} characters (${length} so far)`;
  if (length > max) return `At most ${max} characters (${length})`;
  return undefined;
}

/** The words of the action button: what will happen. */
export function promoteLabel(
  preview: PromotionPreview,
  overriding: boolean,
): string {
  if (overriding) return 'Promote despite shut gates';
  return gitChangeLabel(preview.gitops, 'Commit promotion');
}

/** What the person filled in the dialog. */
export interface PromotionForm {
  confirmation: string;
  /** The override was chosen, with its reason. */
  override?: string;
}

/** The request the form makes, without its key; none while something is missing. */
export function promotionRequest(
  target: PromotionTarget,
  preview: PromotionPreview,
  form: PromotionForm,
  canOverride: boolean,
): Omit<PromotionRequest, 'idempotencyKey'> | undefined {
  const confirmation = form.confirmation.trim();
  if (preview.confirmationName && confirmation !== preview.confirmationName) {
    return undefined;
  }
  const request = {
    ...target,
    ...(preview.confirmationName ? { confirmation } : {}),
  };
  if (preview.open) return request;
  if (!canOverride || form.override === undefined) return undefined;
  if (overrideReasonProblem(form.override)) return undefined;
  return { ...request, override: { reason: form.override.trim() } };
}
