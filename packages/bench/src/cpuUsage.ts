import { readFileSync } from 'node:fs';

/** Linux counts CPU time in /proc in ticks of 1/100 s (USER_HZ). */
const TICK_MS = 10;

/**
 * CPU time of the machine (all cores) and of some processes, from /proc (Linux only; NaN
 * elsewhere): what a load run cost, and whether the machine had any left.
 */
interface CpuReading {
  /** Milliseconds of all cores: busy (steal included) and in all. */
  machineBusyMs: number;
  machineTotalMs: number;
  /** User + system milliseconds of each process asked about. */
  processMs: number[];
}

function processMs(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name, in parentheses, may hold spaces: count fields after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return NaN;
  }
}

function machineMs(): { busy: number; total: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const busy = user + nice + system + irq + softirq + (steal ?? 0);
    return { busy: busy * TICK_MS, total: (busy + idle + iowait) * TICK_MS };
  } catch {
    return { busy: NaN, total: NaN };
  }
}

function readCpu(pids: Array<number | undefined>): CpuReading {
  const machine = machineMs();
  return {
    machineBusyMs: machine.busy,
    machineTotalMs: machine.total,
    processMs: pids.map(processMs),
  };
}

/** The CPU time spent between two readings. */
function cpuSince(before: CpuReading, after: CpuReading): CpuReading {
  return {
    machineBusyMs: after.machineBusyMs - before.machineBusyMs,
    machineTotalMs: after.machineTotalMs - before.machineTotalMs,
    processMs: after.processMs.map((ms, i) => ms - before.processMs[i]),
  };
}

/** What the runs of one kind of load cost in CPU, over all its repeats. */
export interface LoadCpuUse {
  /** Share of all cores busy during the runs, whoever used them (the machine is shared). */
  machineBusyPercent: number;
  /** CPU of the loaded backend processes together, per view answered. */
  backendMsPerView: number;
  /** CPU of this process (the load generator and the fake Argo CD), per view answered. */
  benchMsPerView: number;
}

/** Sums what load runs cost the machine, this process and the backends they load. */
export class LoadCpuMeter {
  private busyMs = 0;
  private totalMs = 0;
  private benchMs = 0;
  private backendMs = 0;

  /** Runs one load against the backends with these process ids and adds what it cost. */
  async measure<T>(
    backendPids: Array<number | undefined>,
    load: () => Promise<T>,
  ): Promise<T> {
    const pids = [process.pid, ...backendPids];
    const before = readCpu(pids);
    const result = await load();
    const spent = cpuSince(before, readCpu(pids));
    const [bench, ...backends] = spent.processMs;
    this.busyMs += spent.machineBusyMs;
    this.totalMs += spent.machineTotalMs;
    this.benchMs += bench;
    this.backendMs += backends.reduce((sum, ms) => sum + ms, 0);
    return result;
  }

  use(views: number): LoadCpuUse {
    const per = (ms: number) => (views > 0 ? ms / views : NaN);
    return {
      machineBusyPercent: (100 * this.busyMs) / this.totalMs,
      backendMsPerView: per(this.backendMs),
      benchMsPerView: per(this.benchMs),
    };
  }
}
