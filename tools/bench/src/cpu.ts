import { readdirSync, readFileSync } from 'node:fs';

// CPU accounting from Linux's /proc (NaN elsewhere): what shows whether a run was held by a process
// being busy (its CPU time close to the run's length) or by the machine having no core left.

/** CPU time a process has used so far, in ms. */
export function processCpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime, in clock ticks of 10 ms (fields 14 and 15 of the line, 12 and 13 after the name).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** CPU time every core of the machine has spent busy so far, in ms (user, nice, system, interrupts, steal). */
export function machineBusyMs(): number {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = cpu;
    return (user! + nice! + system! + irq! + softirq! + (steal ?? 0)) * 10;
  } catch {
    return NaN;
  }
}

/** CPU time used so far by every running process of one program (e.g. `postgres`: the server and its backends), in ms. */
export function programCpuMs(name: string): number {
  let total = 0;
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name)
          total += processCpuMs(Number(entry)) || 0;
      } catch {
        // The process ended while it was being read.
      }
    }
    return total;
  } catch {
    return NaN;
  }
}
