/** Starts test/setup/postgres-server.ts as a child process and waits for its address. */
import { spawn } from 'node:child_process';
import path from 'node:path';

export interface PostgresProcess {
  url: string;
  /** Stops the server, keeping its data and port, as an outage would. */
  pause(): Promise<void>;
  /** Starts it again after `pause`, same port and data. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

export function startPostgresProcess(options: { durable: boolean }): Promise<PostgresProcess> {
  const script = path.join(import.meta.dirname, 'postgres-server.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...(options.durable ? ['--durable'] : [])], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let output = '';
  // Resolves when the server prints `answer` after the output seen so far.
  const command = (line: string, answer: string) =>
    new Promise<void>((resolve, reject) => {
      const from = output.length;
      const onData = () => {
        const reply = output.slice(from);
        if (!reply.includes(`${answer}\n`) && !reply.includes('failed ')) return;
        child.stdout.off('data', onData);
        if (reply.includes('failed ')) reject(new Error(`PostgreSQL ${line} failed:\n${reply}`));
        else resolve();
      };
      child.stdout.on('data', onData);
      child.stdin.write(`${line}\n`);
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`PostgreSQL did not start:\n${output}`)), 60_000);
    const onData = (data: Buffer) => {
      output += data;
      const match = /ready (postgres:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[1]!,
          pause: () => command('pause', 'paused'),
          resume: () => command('resume', 'resumed'),
          stop: async () => {
            child.kill('SIGTERM');
            await exited;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`PostgreSQL process exited (${code}) before it was ready:\n${output}`));
    });
  });
}
