import { readFileSync } from "node:fs";

/** Ctrl-C, `kill`, and a terminal that closed. */
const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** How often to look whether the processes that started us are there. */
const watchMs = 1000;

/** Why the playground stops: a signal's name, or `launcher gone`. */
export type StopReason = (typeof signals)[number] | "launcher gone";

/**
 * Resolves when the playground should stop: on SIGINT, SIGTERM or SIGHUP
 * (unless `nohup` ignores it), or once a process between us and our
 * process group's leader is gone, e.g. `npm run` killed while its `sh`
 * and tsx live on. The listeners stay for good: while the stack closes, a
 * repeated signal (sshd's stand-in re-raises the one it got) must not end
 * the process halfway.
 */
export function untilStopped(): Promise<StopReason> {
  return new Promise((resolve) => {
    for (const signal of signals) {
      if (signal === "SIGHUP" && ignoresHangup()) continue;
      process.on(signal, () => resolve(signal));
    }
    const launchers = launcherPids();
    const timer = setInterval(() => {
      if (launchers.every(isAlive)) return;
      clearInterval(timer);
      resolve("launcher gone");
    }, watchMs);
    timer.unref();
  });
}

/**
 * Our parent and its parents up to our process group's leader (npm, or
 * whatever a shell started as the job): they end with the job. None when
 * we lead the group (nothing wraps us); only the parent where /proc
 * cannot be read or the leader is no ancestor.
 */
export function launcherPids(): number[] {
  const group = statOf(process.pid)?.group;
  if (group === undefined) return [process.ppid];
  if (group === process.pid) return [];
  const found: number[] = [];
  for (let pid = process.ppid; pid > 1 && found.length < 16; ) {
    found.push(pid);
    if (pid === group) return found;
    pid = statOf(pid)?.parent ?? 0;
  }
  return [process.ppid];
}

/** Fields 4 and 5 of /proc/<pid>/stat: parent and process group. */
function statOf(pid: number) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name before may hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { parent: Number(fields[1]), group: Number(fields[2]) };
  } catch {
    return undefined;
  }
}

/** Whether SIGHUP was ignored when we started, as `nohup` does. */
function ignoresHangup(): boolean {
  try {
    const status = readFileSync("/proc/self/status", "utf8");
    const mask = /^SigIgn:\s*([0-9a-f]+)$/m.exec(status)?.[1] ?? "0";
    return (BigInt(`0x${mask}`) & 1n) === 1n;
  } catch {
    return false;
  }
}

/** Whether a process exists; EPERM means it does, owned by another. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
