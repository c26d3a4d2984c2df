// Node programs started as child processes for a benchmark (the bot, a bare-framework
// baseline) on a free loopback port, and their resident memory read from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../test/support/bot-process';
import { sleep } from './load';

export interface Child {
  pid: number;
  url: string;
  port: number;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Runs `node <root>/<script>` with `env` (plus PORT and PATH) and returns once GET `readyPath`
 * answers 200, or, without one, once the program prints a line "ready". With BENCH_CPU_PROF=<dir>
 * each child writes a V8 CPU profile there when it stops (open it in Chrome DevTools).
 */
export async function startChild(root: string, script: string, env: Record<string, string>, readyPath?: string): Promise<Child> {
  const port = await freePort();
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, join(root, script)], {
    cwd: root,
    env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let printedReady = false;
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000);
    if (/^ready$/m.test(output)) printedReady = true;
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  const url = `http://127.0.0.1:${port}`;
  const handle: Child = {
    pid: child.pid!,
    url,
    port,
    child,
    output: () => output,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !exited) {
    if (readyPath) {
      try {
        if ((await fetch(`${url}${readyPath}`)).status === 200) return handle;
      } catch {
        // not listening yet
      }
    } else if (printedReady) return handle;
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`${script} did not become ready:\n${output}`);
}

/** A field of /proc/<pid>/status in MB (VmRSS: resident now, VmHWM: resident peak). */
export function procMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  return kb / 1024;
}

/** CPU time (user + system) the process has used so far, in ms. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** USER_HZ: 100 on Linux. */
const CLOCK_TICKS = 100;

/** Samples VmRSS every `everyMs` until stopped; stop() gives the highest sample in MB. */
export function sampleRss(pid: number, everyMs = 50): { stop(): number } {
  let peak = procMb(pid, 'VmRSS');
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, procMb(pid, 'VmRSS'));
    } catch {
      // the process ended
    }
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      try {
        peak = Math.max(peak, procMb(pid, 'VmRSS'));
      } catch {
        // the process ended
      }
      return peak;
    },
  };
}
