import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { median } from './stats';

/**
 * Milliseconds a fixed CPU-bound task takes in this process (median of five). The machine is
 * shared, and other people's work is invisible from here; this number shows how much CPU the
 * benchmark actually got when it measured (it grows with contention).
 */
export function cpuCheckMs(): number {
  const data = Buffer.alloc(1024, 7);
  const times: number[] = [];
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    let digest = data;
    for (let i = 0; i < 20_000; i++) {
      digest = createHash('sha256').update(digest).update(data).digest();
    }
    times.push(performance.now() - started);
  }
  return median(times);
}
