import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU accounting from Linux's /proc, to say where a measurement's CPU went:
 * the load generator (this process), the server measured, and everything
 * else on the machine (other people's work on a shared machine shows up
 * there, and explains a noisy run). Where there is no /proc, every figure is
 * null and the benchmark prints "n/a".
 */

/** USER_HZ: the unit of /proc's CPU times; 100 on every mainstream Linux build. */
const TICKS_PER_SECOND = 100;

export interface ProcStat {
  pid: number;
  comm: string;
  ppid: number;
  /** User plus system CPU time, in milliseconds. */
  cpuMs: number;
}

/** Parses /proc/PID/stat. The command name is in parentheses and may itself contain spaces or ')'. */
export function parseProcStat(text: string): ProcStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error('not a /proc/PID/stat line');
  const fields = text.slice(close + 2).trim().split(/\s+/);
  // After the name: state(0) ppid(1) ... utime(11) stime(12), per proc(5).
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error('not a /proc/PID/stat line');
  return {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    ppid: Number(fields[1]),
    cpuMs: ((utime + stime) * 1000) / TICKS_PER_SECOND,
  };
}

/** Parses the first line of /proc/stat: the busy time of all cores added up, in milliseconds. */
export function parseMachineStat(text: string): { busyMs: number } {
  const line = text.split('\n', 1)[0]!;
  if (!/^cpu\s/.test(line)) throw new Error('not /proc/stat');
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
  // user nice system idle iowait irq softirq steal: idle and iowait are not busy.
  const total = ticks.reduce((sum, value) => sum + value, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { busyMs: ((total - idle) * 1000) / TICKS_PER_SECOND };
}

function readStat(pid: number): ProcStat | null {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/** Pids of the processes descended from rootPid (children, grandchildren, ...), optionally only those called `comm`. */
export function descendantPids(rootPid: number, comm?: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const all = entries.filter((name) => /^\d+$/.test(name)).map((name) => readStat(Number(name))).filter((stat): stat is ProcStat => stat !== null);
  return descendantsOf(all, rootPid).filter((stat) => comm === undefined || stat.comm === comm).map((stat) => stat.pid);
}

/** The processes in `all` descended from rootPid. */
export function descendantsOf(all: ProcStat[], rootPid: number): ProcStat[] {
  const found: ProcStat[] = [];
  let parents = new Set([rootPid]);
  while (parents.size > 0) {
    const children = all.filter((stat) => parents.has(stat.ppid) && !found.includes(stat));
    found.push(...children);
    parents = new Set(children.map((stat) => stat.pid));
  }
  return found;
}

/** What one measurement used, in milliseconds; null where /proc could not say. */
export interface CpuSample {
  wallMs: number;
  clientMs: number;
  serverMs: number | null;
  /** Busy time of every core on the machine, the client and server included. */
  machineMs: number | null;
}

/** Starts measuring the CPU of this process (the client), of the server's processes, and of the whole machine. */
export function startCpuMeter(serverPids: number[]): { stop(): CpuSample } {
  const client = process.cpuUsage();
  const server = serverCpuMs(serverPids);
  const machine = machineBusyMs();
  const started = performance.now();
  return {
    stop() {
      const usage = process.cpuUsage(client);
      const serverNow = serverCpuMs(serverPids);
      const machineNow = machineBusyMs();
      return {
        wallMs: performance.now() - started,
        clientMs: (usage.user + usage.system) / 1000,
        serverMs: server !== null && serverNow !== null ? serverNow - server : null,
        machineMs: machine !== null && machineNow !== null ? machineNow - machine : null,
      };
    },
  };
}

export interface CpuShare {
  /** Percent of one core over the measurements (200 = both cores of a 2-core machine kept busy). */
  client_pct: number | null;
  server_pct: number | null;
  /** Everything else on the machine: other people's work on a shared machine shows up here. */
  other_pct: number | null;
  /** Server CPU time per acknowledged request, in microseconds. */
  server_us_per_request: number | null;
}

/** Adds up samples (several rounds against one target) into shares of one core. */
export function cpuShare(samples: CpuSample[], acknowledged: number): CpuShare {
  const sum = (pick: (sample: CpuSample) => number | null) =>
    samples.reduce<number | null>((total, sample) => (total === null || pick(sample) === null ? null : total + pick(sample)!), 0);
  const wallMs = sum((sample) => sample.wallMs) ?? 0;
  const clientMs = sum((sample) => sample.clientMs);
  const serverMs = samples.length > 0 ? sum((sample) => sample.serverMs) : null;
  const machineMs = samples.length > 0 ? sum((sample) => sample.machineMs) : null;
  const pct = (ms: number | null) => (ms === null || wallMs <= 0 ? null : Math.round((ms / wallMs) * 100));
  return {
    client_pct: pct(clientMs),
    server_pct: pct(serverMs),
    // /proc's 10 ms ticks can put the sum of parts slightly above the whole: never below zero.
    other_pct: machineMs !== null && serverMs !== null && clientMs !== null ? pct(Math.max(0, machineMs - clientMs - serverMs)) : null,
    server_us_per_request: serverMs !== null && acknowledged > 0 ? Math.round((serverMs * 1000) / acknowledged) : null,
  };
}

function serverCpuMs(pids: number[]): number | null {
  if (pids.length === 0) return null;
  let total = 0;
  for (const pid of pids) {
    const stat = readStat(pid);
    if (!stat) return null;
    total += stat.cpuMs;
  }
  return total;
}

function machineBusyMs(): number | null {
  try {
    return parseMachineStat(readFileSync('/proc/stat', 'utf8')).busyMs;
  } catch {
    return null;
  }
}
