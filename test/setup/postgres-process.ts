/** Starts test/setup/postgres-server.ts as a child process and waits for its address. */
import { spawn } from 'node:child_process';
import path from 'node:path';

export interface PostgresProcess {
  url: string;
  stop(): Promise<void>;
}

export function startPostgresProcess(options: { durable: boolean }): Promise<PostgresProcess> {
  const script = path.join(import.meta.dirname, 'postgres-server.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...(options.durable ? ['--durable'] : [])], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`PostgreSQL did not start:\n${output}`)), 60_000);
    const onData = (data: Buffer) => {
      output += data;
      const match = /ready (postgres:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[1]!,
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
