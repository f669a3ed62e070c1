/** Runs `hoctap serve` as a real child process, as an operator would. */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

export const bin = path.join(import.meta.dirname, '..', 'bin', 'hoctap.js');

/**
 * Tests share a busy machine with other test processes: a stall of the scheduler is not overload, so the limits
 * of http/overload.ts are out of reach unless a test sets its own.
 */
// The heap limit too: the input sweep's thousands of 1 MB bodies, on a busy CI machine, once kept the heap above
// the default (90 % of V8's limit) long enough for every later request to be shed with 503.
export const relaxedOverloadLimits = { OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '600000', OVERLOAD_MAX_EVENT_LOOP_UTILIZATION_PERCENT: '100', OVERLOAD_MAX_HEAP_MB: '1000000' };

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  exited: Promise<number | null>;
}

/** Starts the server and resolves once it prints its address (PUBLIC_URL when set, e.g. nginx's https one); `serveArgs` go after `serve`. */
export function startServer(env: Record<string, string>, nodeArgs: string[] = [], serveArgs: string[] = []): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...nodeArgs, bin, 'serve', ...serveArgs], { env: { PATH: process.env.PATH ?? '', LANG: 'vi_VN.UTF-8', LOG_LEVEL: 'warn', ...relaxedOverloadLimits, ...env } });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (data: Buffer) => {
      output += data;
      const match = /đang chạy tại (https?:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!, output: () => output, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', () => reject(new Error(`server exited:\n${output}`)));
  });
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts `hoctap <args>` (a command, not the server); `input`, when given, is its whole standard input. */
export function startCli(args: string[], env: Record<string, string>, input?: string) {
  const child = spawn(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH ?? '', LANG: 'vi_VN.UTF-8', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  if (input !== undefined) child.stdin.end(input);
  const done = new Promise<CliRun>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done, stdout: () => stdout };
}

/** Runs `hoctap <args>` to its end. */
export const runCli = (args: string[], env: Record<string, string>, input?: string): Promise<CliRun> => startCli(args, env, input).done;
