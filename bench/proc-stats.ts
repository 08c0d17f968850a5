/** Process figures from /proc and cgroupfs: RSS and PSS (shared pages split among their users), CPU time, threads. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAMBDABOX_CGROUP, cgroupPids, childCgroups } from '../src/sandbox/launch/cgroup-v1.js';

export interface ProcMemory {
  readonly pids: number;
  readonly rssBytes: number;
  readonly pssBytes: number;
  /** Each process: its name (/proc/<pid>/comm), RSS, and the anonymous part of it (the rest is file pages such as the binary's). */
  readonly each: ReadonlyArray<{ readonly comm: string; readonly rssBytes: number; readonly anonBytes: number }>;
}

function kibField(text: string, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return m?.[1] === undefined ? 0 : Number(m[1]) * 1024;
}

function readOr(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Sums over the processes; one that has gone away in between counts as nothing. */
export function memoryOf(pids: readonly number[]): ProcMemory {
  let rssBytes = 0;
  let pssBytes = 0;
  const each: Array<{ comm: string; rssBytes: number; anonBytes: number }> = [];
  for (const pid of pids) {
    const status = readOr(`/proc/${pid}/status`);
    if (status === '') continue;
    const rss = kibField(status, 'VmRSS');
    each.push({ comm: readOr(`/proc/${pid}/comm`).trim(), rssBytes: rss, anonBytes: kibField(status, 'RssAnon') });
    rssBytes += rss;
    pssBytes += kibField(readOr(`/proc/${pid}/smaps_rollup`), 'Pss');
  }
  return { pids: each.length, rssBytes, pssBytes, each };
}

/** A process and all its descendants. */
export function processTree(root: number): number[] {
  const out: number[] = [];
  const visit = (pid: number): void => {
    out.push(pid);
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      return;
    }
    for (const tid of tasks) {
      for (const child of readOr(`/proc/${pid}/task/${tid}/children`).split(' ')) {
        if (child.trim() !== '') visit(Number(child));
      }
    }
  };
  visit(root);
  return out;
}

/** Threads of a process (worker threads included), from /proc/<pid>/task. */
export function threadCount(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/task`).length;
  } catch {
    return 0;
  }
}

const MEMORY_ROOT = join('/sys/fs/cgroup', 'memory', LAMBDABOX_CGROUP);

/** The member processes of each environment cgroup of a lambdabox instance (every process of a sandbox is one). */
export function environmentPids(instance: string): number[][] {
  return childCgroups(join(MEMORY_ROOT, instance)).map((dir) => cgroupPids(dir));
}

/** memory.usage_in_bytes of each environment cgroup: what the memory limit is charged with (page cache included). */
export function environmentCgroupUsage(instance: string): number[] {
  return childCgroups(join(MEMORY_ROOT, instance)).map((dir) => Number(readOr(join(dir, 'memory.usage_in_bytes')).trim()));
}

/** Linux reports process times in clock ticks of 1/100 s on every architecture Node runs on here. */
const TICK_MS = 10;

/** CPU time (user + system, all threads) a process has used so far, in ms; 0 once it is gone. */
export function processCpuMs(pid: number): number {
  const stat = readOr(`/proc/${pid}/stat`);
  // The command name may hold spaces and parentheses: fields are counted after its closing one.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) * TICK_MS;
}

/** CPU time used so far by every environment of a lambdabox instance (cpuacct.usage of its cgroup tree), in ms. */
export function environmentsCpuMs(instance: string): number {
  const ns = Number(readOr(join('/sys/fs/cgroup', 'cpuacct', LAMBDABOX_CGROUP, instance, 'cpuacct.usage')).trim());
  return Number.isFinite(ns) ? ns / 1e6 : 0;
}
