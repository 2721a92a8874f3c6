/**
 * Where the cores went during a benchmark phase: this Node process, FerretDB, the PostgreSQL backends of the
 * benchmark's database, and everything else on the machine (other sessions' work, the kernel). Read from /proc;
 * zeros where it is not available.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';

/** Cumulative CPU seconds at one moment. */
export interface CpuSample {
  at: number;
  node: number;
  ferretdb: number;
  postgres: number;
  machineBusy: number;
  machineTotal: number;
}

/** Cores used per process over an interval (1.0 = one core fully busy). */
export interface CpuUse {
  node: number;
  ferretdb: number;
  postgres: number;
  machine: number;
  /** Machine-wide busy cores not spent by the three above: other processes and the kernel. */
  other: number;
  cores: number;
}

const CLOCK_TICK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of a process in seconds, or 0 if it is gone or unreadable. */
function processCpu(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICK;
  } catch {
    return 0;
  }
}

/** PostgreSQL backends serving `database` (their command line names it); shared background processes are "other". */
function postgresCpu(database: string): number {
  let sum = 0;
  try {
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        if (readFileSync(`/proc/${name}/comm`, 'utf8').trim() !== 'postgres') continue;
        const command = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ');
        if (!command.includes(` ${database} `)) continue;
        sum += processCpu(Number(name));
      } catch {
        // the process ended meanwhile
      }
    }
  } catch {
    // no /proc
  }
  return sum;
}

function machineCpu(): { busy: number; total: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    const total = ticks.reduce((a, b) => a + b, 0);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    return { busy: (total - idle) / CLOCK_TICK, total: total / CLOCK_TICK };
  } catch {
    return { busy: 0, total: 0 };
  }
}

/** What to count besides this process. */
export interface Watched {
  ferretdbPid: number | null;
  postgresDatabase: string | null;
}

/** Takes a sample now. */
export function cpuSample(watched: Watched): CpuSample {
  const usage = process.cpuUsage();
  const machine = machineCpu();
  return {
    at: performance.now(),
    node: (usage.user + usage.system) / 1e6,
    ferretdb: watched.ferretdbPid ? processCpu(watched.ferretdbPid) : 0,
    postgres: watched.postgresDatabase ? postgresCpu(watched.postgresDatabase) : 0,
    machineBusy: machine.busy,
    machineTotal: machine.total,
  };
}

/** Cores used between two samples. */
export function cpuUse(from: CpuSample, to: CpuSample): CpuUse {
  const seconds = (to.at - from.at) / 1_000;
  const cores = os.cpus().length;
  const round = (n: number) => Math.round(n * 100) / 100;
  const machineTotal = to.machineTotal - from.machineTotal;
  const node = (to.node - from.node) / seconds;
  const ferretdb = (to.ferretdb - from.ferretdb) / seconds;
  const postgres = (to.postgres - from.postgres) / seconds;
  const machine = machineTotal > 0 ? ((to.machineBusy - from.machineBusy) / machineTotal) * cores : 0;
  return {
    node: round(node),
    ferretdb: round(ferretdb),
    postgres: round(postgres),
    machine: round(machine),
    other: round(Math.max(0, machine - node - ferretdb - postgres)),
    cores,
  };
}

/** One line: `node 0.95 ferretdb 0.40 pg 0.30 other 0.10 = 1.75/2`. */
export function cpuCell(cpu: CpuUse): string {
  const parts = [`node ${cpu.node.toFixed(2)}`, `ferretdb ${cpu.ferretdb.toFixed(2)}`, `pg ${cpu.postgres.toFixed(2)}`];
  return `${parts.join(' ')} other ${cpu.other.toFixed(2)} = ${cpu.machine.toFixed(2)}/${cpu.cores}`;
}
