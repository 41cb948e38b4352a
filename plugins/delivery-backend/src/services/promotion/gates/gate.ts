import {
  PromotionGate,
  PromotionGateId,
  PromotionGateState,
} from '@go-delivery/plugin-delivery-common';

/** The titles people read, in one place. */
export const GATE_TITLES: Record<PromotionGateId, string> = {
  'source-healthy': 'Source synced and healthy',
  soak: 'Soak time',
  verdict: 'No regression',
  pipeline: 'Pipeline succeeded',
  coverage: 'Coverage threshold',
  'error-budget': 'Error budget',
  freeze: 'No freeze',
};

/** A gate's answer. */
export function gate(
  id: PromotionGateId,
  state: PromotionGateState,
  reason: string,
): PromotionGate {
  return { id, title: GATE_TITLES[id], state, reason };
}

/** Gates that let a promotion through: open, or not applicable to the entity. */
export function isPassing(g: PromotionGate): boolean {
  return g.state === 'open' || g.state === 'skipped';
}

const COMMIT = /^[0-9a-f]{7,40}$/;

/**
 * The source commit an image was built from: the generated CI tags images with the commit SHA
 * (`$IMAGE:$TAG@$DIGEST`, TAG = the commit), so a tag that is a SHA names it. Other tags
 * (`1.8.0`) do not say which commit, and the gates that need one say so.
 */
export function imageCommit(tag: string | undefined): string | undefined {
  const lower = tag?.toLowerCase();
  return lower && COMMIT.test(lower) ? lower : undefined;
}

/** Minutes as people read them: `45 min`, `3 h 20 min`. */
export function formatMinutes(minutes: number): string {
  const whole = Math.floor(minutes);
  if (whole < 60) return `${whole} min`;
  const hours = Math.floor(whole / 60);
  const rest = whole % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}
