import { deadlineIn } from '../time/deadline';

/** Waits until the Delivery backend answers its health route, or throws after `timeoutMs`. */
export async function waitForBackend(
  baseUrl: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = deadlineIn(timeoutMs);
  while (!deadline.passed()) {
    try {
      const response = await fetch(`${baseUrl}/api/delivery/health`, {
        signal: AbortSignal.timeout(2000),
      });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise(r => setTimeout(r, 2000));
  }
  throw new Error(
    `the backend at ${baseUrl} did not come up within ${timeoutMs} ms`,
  );
}
