import { PromotionStepView } from '@go-delivery/plugin-delivery-common';

/** What the permission policy allows the signed-in user. */
export interface PromotePermissions {
  canPromote: boolean;
  canOverride: boolean;
}

/**
 * Why the step's button is disabled, or undefined when it opens the dialog: shut gates do not
 * block someone who may override them (the dialog offers the override).
 */
export function promoteBlocker(
  step: PromotionStepView,
  permissions: PromotePermissions,
): string | undefined {
  if (!permissions.canPromote) {
    return 'You may not promote this service';
  }
  if (!step.available) return step.reason ?? 'No GitOps promotion applies';
  if (!step.open && !permissions.canOverride) return 'Gates are shut';
  return undefined;
}
