/**
 * Whether `ms` have passed since the call, on the monotonic clock. Tests that replay fixtures fix
 * `Date` with jest's fake timers: a wait timed by `Date.now()` would then never run out, and a
 * start that is stuck would hang until the test runner's own timeout, without saying what hung.
 */
export function deadlineIn(ms: number): { passed(): boolean } {
  const at = performance.now() + ms;
  return { passed: () => performance.now() > at };
}
