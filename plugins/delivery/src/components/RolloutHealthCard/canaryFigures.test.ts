import {
  abortedRollout,
  ordersCanary,
  sparseRollout,
} from '../../testing/rolloutViewModels';
import { canaryStepText, weightsText } from './canaryFigures';

describe('canary figures', () => {
  it('says which step a canary is at, and how much of its steps are done', () => {
    expect(canaryStepText(ordersCanary)).toEqual({
      text: 'Step 2 of 5: pause until promoted',
      percentDone: 20,
    });
    expect(weightsText(ordersCanary)).toBe('canary 20 % · stable 80 %');
    expect(canaryStepText({ ...ordersCanary, currentStepIndex: 5 })).toEqual({
      text: 'All 5 steps done',
      percentDone: 100,
    });
  });

  it('makes up no step for a controller that reports none, nor a weight', () => {
    expect(canaryStepText(sparseRollout)).toEqual({
      text: 'Current step not reported (3 steps)',
    });
    expect(weightsText(sparseRollout)).toBeUndefined();
    expect(
      canaryStepText({ ...sparseRollout, totalSteps: 0, steps: [] }).text,
    ).toBe('No steps: the update goes to all pods at once');
  });

  it('shows an aborted canary back at zero weight', () => {
    expect(weightsText(abortedRollout)).toBe('canary 0 % · stable 100 %');
    expect(canaryStepText(abortedRollout).text).toBe(
      'Step 1 of 2: set weight 10 %',
    );
  });
});
