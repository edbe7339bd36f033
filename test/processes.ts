import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

export const BIN = path.resolve('bin/phishdesk.mjs');

type LogLine = Record<string, unknown> & { msg?: string };

export type PhishdeskProcess = {
  name: string;
  child: ChildProcess;
  /** The last lines it wrote (stdout and stderr), for failure messages. */
  output(): string;
  exit: Promise<{ code: number | null; signal: string | null }>;
  /** Resolves with the first JSON log line (already seen or to come) whose msg is `msg`. */
  logged(msg: string, timeoutMs?: number): Promise<LogLine>;
  /** `serve` with HTTP: the port the server bound (start it with PORT=0), from its "phishdesk started" line. */
  port(timeoutMs?: number): Promise<number>;
};

/**
 * Runs `phishdesk ARGS` as its own process, reading its pino lines as they come, so tests wait for what
 * the process says (listening on port N, shutting down) instead of sleeping or polling a port they guessed.
 * Needs LOG_LEVEL=info (or lower) for the lines it waits for.
 */
export function spawnPhishdesk(name: string, args: string[], env: Record<string, string>): PhishdeskProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  // The first line of each message (a load test's thousands of request lines are one entry).
  const firstOf = new Map<string, LogLine>();
  const waiters: { msg: string; resolve: (l: LogLine) => void }[] = [];
  let partial = '';
  const keep = (line: string) => {
    lines.push(line);
    if (lines.length > 300) lines.shift();
    if (!line.startsWith('{')) return;
    let entry: LogLine;
    try {
      entry = JSON.parse(line) as LogLine;
    } catch {
      return;
    }
    if (typeof entry.msg !== 'string' || firstOf.has(entry.msg)) return;
    firstOf.set(entry.msg, entry);
    for (const w of waiters.splice(0)) {
      if (w.msg === entry.msg) w.resolve(entry);
      else waiters.push(w);
    }
  };
  child.stdout!.on('data', (d: Buffer) => {
    const chunk = partial + d.toString();
    const split = chunk.split('\n');
    partial = split.pop()!;
    for (const line of split) keep(line);
  });
  child.stderr!.on('data', (d: Buffer) => {
    for (const line of d.toString().split('\n')) if (line) keep(line);
  });
  const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const output = () => [...lines, partial].join('\n');

  function logged(msg: string, timeoutMs = 60_000): Promise<LogLine> {
    const seen = firstOf.get(msg);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${name}: no "${msg}" within ${timeoutMs} ms:\n${output().slice(-2000)}`)),
        timeoutMs,
      );
      const done = (l: LogLine) => {
        clearTimeout(timer);
        resolve(l);
      };
      waiters.push({ msg, resolve: done });
      // A process that dies first never says it.
      void exit.then((e) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited (${JSON.stringify(e)}) before "${msg}":\n${output().slice(-2000)}`));
      });
    });
  }

  return {
    name,
    child,
    output,
    exit,
    logged,
    async port(timeoutMs) {
      const started = await logged('phishdesk started', timeoutMs);
      if (typeof started.port !== 'number')
        throw new Error(`${name} serves no HTTP: ${JSON.stringify(started)}`);
      return started.port;
    },
  };
}
