import { waitFor } from '../kubernetes/apiServer/processes';
import { deadlineIn } from './deadline';

describe('deadlineIn', () => {
  afterEach(() => jest.useRealTimers());

  it('runs out while Date stands still, as in tests that replay fixtures', async () => {
    // Only Date is fixed, as the view-model test does: its servers need real timers.
    jest.useFakeTimers({
      now: Date.parse('2024-05-01T00:00:00Z'),
      doNotFake: ['performance', 'setTimeout', 'clearTimeout', 'nextTick'],
    });
    const deadline = deadlineIn(50);
    expect(deadline.passed()).toBe(false);
    await new Promise(r => setTimeout(r, 80));
    expect(Date.now()).toBe(Date.parse('2024-05-01T00:00:00Z'));
    expect(deadline.passed()).toBe(true);
  });

  it('ends a wait for something that never happens with its message', async () => {
    jest.useFakeTimers({
      doNotFake: ['performance', 'setTimeout', 'clearTimeout', 'nextTick'],
    });
    let checks = 0;
    await expect(
      waitFor(async () => ++checks < 0, {
        timeoutMs: 300,
        describe: () => `still not ready after ${checks} checks`,
      }),
    ).rejects.toThrow(/^still not ready after \d+ checks$/);
    expect(checks).toBeGreaterThan(1);
  });
});
