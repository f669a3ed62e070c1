/**
 * npm run bench -- --scenario launch [--duration 10 --stages 2,4,8,12,16,24,32 --setups sqlite,pg1,pg2 --learners 20000 --separate]
 *
 * The launch hour: people scan the QR code at the ceremony and open the app. Against each setup in turn (SQLite with
 * one process, PostgreSQL with one process, PostgreSQL with two processes on one database), a paced open-model driver
 * sends, stage after stage at a growing arrival rate of sign-ups r per second:
 *   sign-ups (POST /api/auth/register, new phones, argon2 included)           r
 *   the course page as the new learner (GET /api/courses/:id)                 r
 *   first lessons as the new learner (GET /api/lessons/:id)                  3r
 *   progress events of new learners (POST /api/progress, fresh ids)          6r
 *   the big screen (GET /api/screen: the launch and the counts since)       r/2, at least 1/s
 *   the province dashboard as its manager (GET /api/units/91/dashboard)     r/4, at least 0.5/s
 *   certificate PDFs of learners who completed before (GET …/certificate.pdf) r/4, at least 0.5/s
 * Requests leave at their scheduled instant whatever the server's state (open model) and latency counts from that
 * instant, so that queueing shows as latency, never as a silently lower rate. Prints per setup and stage throughput,
 * p50/p99 and errors per kind, the highest stage sustained (sign-up p99 < 1 s, errors < 1 %), and PostgreSQL's
 * ratio of two processes to one.
 */
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { connectDatabase, type DatabaseHandle } from '../src/server/db/connect.js';
import { insertGrant } from '../src/server/grants/grants.queries.js';
import { saveLaunch } from '../src/server/launch/launch.queries.js';
import { createScreenToken } from '../src/server/launch/launch.service.js';
import { rebuildRollups } from '../src/server/rollups/rebuild.js';
import type { CourseId, LessonId } from '../src/shared/ids.js';
import { buildEvent } from '../test/event-factories.js';
import { freePort, type ServerProcess, startServer } from '../test/server-process.js';
import { startPostgresProcess } from '../test/setup/postgres-process.js';
import { prepareQuizBench } from './quiz-bench.js';
import { seedBenchPlatform } from './seed-learners.js';

const kinds = ['sign-up', 'course page', 'lesson', 'progress', 'big screen', 'dashboard', 'certificate PDF'] as const;
type Kind = (typeof kinds)[number];

/** Arrivals per second of each kind at r sign-ups per second. */
function mix(r: number): Record<Kind, number> {
  return { 'sign-up': r, 'course page': r, lesson: 3 * r, progress: 6 * r, 'big screen': Math.max(1, r / 2), dashboard: Math.max(0.5, r / 4), 'certificate PDF': Math.max(0.5, r / 4) };
}

const setupNames = { sqlite: 'SQLite, 1 process', pg1: 'PostgreSQL 18, 1 process', pg2: 'PostgreSQL 18, 2 processes' } as const;
type SetupKey = keyof typeof setupNames;

/** What a seeded database offers the driver. */
interface Seeded {
  env: Record<string, string>;
  course: { id: CourseId; lessonIds: LessonId[] };
  unitCodes: string[];
  learnerCookies: string[];
  certificates: { cookie: string; code: string }[];
  managerCookie: string;
  screenToken: string;
}

/** Learners with progress, certificates for some, a launched event with its big-screen token, a province manager. */
async function seed(handle: DatabaseHandle, env: Record<string, string>, options: { learners: number; sessions: number }): Promise<Seeded> {
  const { now, province, config, courses, learners, sessionCookie: session } = await seedBenchPlatform(handle, env, { count: options.learners });
  const sessionLearners = learners.slice(0, options.sessions);
  const learnerCookies: string[] = [];
  for (const userId of sessionLearners) learnerCookies.push(await session(userId));
  // Learners who completed a course before the launch, with their certificates (the quiz course itself is unused here).
  const quiz = await prepareQuizBench(handle.db, { ownerUnitId: province.id, learners: sessionLearners, certificateCourse: courses[0]!.id, dataDir: config.dataDir, now });
  const certificates = sessionLearners.map((userId, i) => ({ cookie: learnerCookies[i]!, code: quiz.certificates.get(userId)! }));
  await rebuildRollups(handle.db);
  const manager = learners.at(-1)!;
  await insertGrant(handle.db, { userId: manager, role: 'manager', unitId: province.id, grantedBy: null, now });
  // The ceremony: an event of the province, launched ten minutes ago, and one big screen's token.
  const eventId = await buildEvent(handle.db, { unitCode: '91', createdBy: manager, startsAt: now - 1_800_000, status: 'live' });
  await handle.db.transaction().execute((trx) =>
    saveLaunch(trx, { event_id: eventId, presses_needed: 1, planned_at: null, course_ids: '[]', campaign_id: null, configured_by: manager, updated_at: now }, []),
  );
  await handle.db.updateTable('event_launches').set({ launched_at: now - 600_000 }).where('event_id', '=', eventId).execute();
  const { token: screenToken } = await createScreenToken(handle.db, eventId, 'Màn hình hội trường', { userId: manager, ip: '127.0.0.1', now });
  const unitCodes = (await handle.db.selectFrom('units').select('code').where('kind', 'in', ['commune', 'ward', 'special_zone']).execute()).map((u) => u.code);
  return { env, course: courses[0]!, unitCodes, learnerCookies, certificates, managerCookie: await session(manager), screenToken };
}

interface Outcome {
  ok: number;
  latencies: number[];
  status429: number;
  status503: number;
  /** Other non-2xx answers. */
  otherStatus: number;
  /** Connection errors and timeouts. */
  network: number;
}

const emptyOutcome = (): Outcome => ({ ok: 0, latencies: [], status429: 0, status503: 0, otherStatus: 0, network: 0 });
const errorsOf = (o: Outcome) => o.status429 + o.status503 + o.otherStatus + o.network;

interface Answer {
  status: number;
  setCookie?: string;
}

/** One request over a keep-alive agent; the body is read to its end (a PDF included) before it counts as done. */
function send(agent: http.Agent, url: URL, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { agent, host: url.hostname, port: url.port, method, path, headers: body ? { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : headers, timeout: 30_000 },
      (response) => {
        response.on('data', () => {});
        response.on('end', () => resolve({ status: response.statusCode ?? 0, setCookie: response.headers['set-cookie']?.[0]?.split(';')[0] }));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', reject);
    request.end(body);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

interface StageResult {
  rate: number;
  seconds: number;
  outcomes: Record<Kind, Outcome>;
}

/**
 * Drives the mix at each stage's rate, stage after stage without a pause, over the servers round-robin. Each arrival
 * is attributed to the stage it was scheduled in. Stops early after a stage whose sign-ups are far beyond saving.
 */
async function ramp(urls: string[], seeded: Seeded, stages: number[], seconds: number, warmupSeconds: number): Promise<StageResult[]> {
  const targets = urls.map((u) => ({ url: new URL(u), agent: new http.Agent({ keepAlive: true, maxSockets: 256 }) }));
  let turn = 0;
  const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;
  // New learners' cookies: what the follow-on kinds use once the first sign-ups have answered.
  const newcomers: string[] = [];
  const learnerCookie = () => (newcomers.length > 0 ? newcomers[newcomers.length - 1 - Math.floor(Math.random() * Math.min(newcomers.length, 500))]! : pick(seeded.learnerCookies));
  const firstLessons = seeded.course.lessonIds.slice(0, 3);
  let phone = 0;
  const requestOf = (kind: Kind): { method: string; path: string; headers: Record<string, string>; body?: string } => {
    switch (kind) {
      case 'sign-up':
        phone += 1;
        return {
          method: 'POST',
          path: '/api/auth/register',
          // Behind the proxy, each phone comes from its own address (the per-address sign-up limit stays on).
          headers: { 'x-forwarded-for': `10.${(phone >> 16) & 255}.${(phone >> 8) & 255}.${phone & 255}` },
          body: JSON.stringify({ phone: `097${String(phone).padStart(7, '0')}`, password: 'dong-lua-chin-vang-ben-song', fullName: 'Nguyễn Thị Mai', birthYear: 1968, unitCode: pick(seeded.unitCodes), consent: true }),
        };
      case 'course page':
        return { method: 'GET', path: `/api/courses/${seeded.course.id}`, headers: { cookie: learnerCookie() } };
      case 'lesson':
        return { method: 'GET', path: `/api/lessons/${pick(firstLessons)}`, headers: { cookie: learnerCookie() } };
      case 'progress':
        return {
          method: 'POST',
          path: '/api/progress',
          headers: { cookie: learnerCookie() },
          body: JSON.stringify({ eventId: randomUUID(), lessonId: pick(firstLessons), type: Math.random() < 0.5 ? 'opened' : 'completed', at: new Date(Date.now() - 1000).toISOString() }),
        };
      case 'big screen':
        return { method: 'GET', path: `/api/screen?token=${encodeURIComponent(seeded.screenToken)}`, headers: {} };
      case 'dashboard':
        return { method: 'GET', path: '/api/units/91/dashboard', headers: { cookie: seeded.managerCookie } };
      case 'certificate PDF': {
        const { cookie, code } = pick(seeded.certificates);
        return { method: 'GET', path: `/api/certificates/${code}/certificate.pdf`, headers: { cookie } };
      }
    }
  };
  const inFlight = new Set<Promise<void>>();
  const fire = (kind: Kind, scheduledAt: number, outcome: Outcome | null) => {
    const target = targets[turn++ % targets.length]!;
    const { method, path: requestPath, headers, body } = requestOf(kind);
    const done = send(target.agent, target.url, method, requestPath, headers, body).then(
      (answer) => {
        if (kind === 'sign-up' && answer.status === 201 && answer.setCookie) newcomers.push(answer.setCookie);
        if (!outcome) return;
        if (answer.status >= 200 && answer.status < 300) {
          outcome.ok += 1;
          outcome.latencies.push(performance.now() - scheduledAt);
        } else if (answer.status === 429) outcome.status429 += 1;
        else if (answer.status === 503) outcome.status503 += 1;
        else outcome.otherStatus += 1;
      },
      () => {
        if (outcome) outcome.network += 1;
      },
    );
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  };
  /** Sends the mix at rate r for this long, each arrival at its own instant (uniform spacing per kind). */
  const drive = async (r: number, durationMs: number, outcomes: Record<Kind, Outcome> | null) => {
    const rates = mix(r);
    const sent = Object.fromEntries(kinds.map((k) => [k, 0])) as Record<Kind, number>;
    const start = performance.now();
    for (;;) {
      const elapsed = performance.now() - start;
      if (elapsed >= durationMs) break;
      for (const kind of kinds) {
        // Arrivals at 0, 1/rate, 2/rate, … within the stage: exactly rate × duration of them.
        const due = Math.min(Math.round((durationMs / 1000) * rates[kind]), Math.floor((elapsed / 1000) * rates[kind]) + 1);
        while (sent[kind] < due) {
          const scheduledAt = start + (sent[kind] * 1000) / rates[kind];
          sent[kind] += 1;
          fire(kind, scheduledAt, outcomes ? outcomes[kind] : null);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  };
  // Warm-up: JIT, caches, pools and the password checker settle, and the first newcomers exist.
  await drive(Math.max(4, stages[0]!), warmupSeconds * 1000, null);
  // Its backlog must not count against the first stage.
  await Promise.all(inFlight);
  const results: StageResult[] = [];
  for (const rate of stages) {
    const outcomes = Object.fromEntries(kinds.map((k) => [k, emptyOutcome()])) as Record<Kind, Outcome>;
    await drive(rate, seconds * 1000, outcomes);
    results.push({ rate, seconds, outcomes });
    process.stdout.write(`  stage ${rate} sign-ups/s sent; ${inFlight.size} requests still in flight\n`);
    // Far beyond saving: most sign-ups of this stage still unanswered or failed after their stage ended.
    const signUps = outcomes['sign-up'];
    if (signUps.ok < rate * seconds * 0.5) break;
  }
  await Promise.all(inFlight);
  for (const t of targets) t.agent.destroy();
  return results;
}

const format = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–');

function summarize(stage: StageResult) {
  const perKind = kinds.map((kind) => {
    const o = stage.outcomes[kind];
    const sorted = [...o.latencies].sort((a, b) => a - b);
    return { kind, o, perSecond: o.ok / stage.seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  });
  const signUp = perKind[0]!;
  const offered = Object.values(mix(stage.rate)).reduce((s, x) => s + x, 0) * stage.seconds;
  const errors = perKind.reduce((s, k) => s + errorsOf(k.o), 0);
  // Sustained: sign-ups answered within a second at p99, (nearly) all of them, and the whole mix almost without errors.
  const sustained = signUp.p99 < 1000 && signUp.o.ok >= 0.97 * stage.rate * stage.seconds && errors < 0.01 * offered;
  // Under an open model every request is eventually answered: what a setup carries is what it answers in time.
  const withinSecond = perKind.reduce((s, k) => s + k.o.latencies.filter((ms) => ms < 1000).length, 0) / stage.seconds;
  return { perKind, total: perKind.reduce((s, k) => s + k.perSecond, 0), withinSecond, errors, sustained, signUp };
}

function stageTable(stages: StageResult[]): string[] {
  const lines = ['| sign-ups/min offered | answered/min | total req/s | of which within 1 s | sign-up p50 / p99 ms | errors | sustained |', '| ---: | ---: | ---: | ---: | ---: | ---: | --- |'];
  for (const stage of stages) {
    const s = summarize(stage);
    lines.push(`| ${format(stage.rate * 60)} | ${format(s.signUp.perSecond * 60)} | ${format(s.total)} | ${format(s.withinSecond)} | ${format(s.signUp.p50)} / ${format(s.signUp.p99)} | ${s.errors} | ${s.sustained ? 'yes' : 'no'} |`);
  }
  return lines;
}

function kindTable(stage: StageResult): string[] {
  const s = summarize(stage);
  const lines = ['| kind | req/s | p50 ms | p99 ms | 429 | 503 | other non-2xx | network/timeout |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |'];
  for (const k of s.perKind) lines.push(`| ${k.kind} | ${format(k.perSecond, 1)} | ${format(k.p50)} | ${format(k.p99)} | ${k.o.status429} | ${k.o.status503} | ${k.o.otherStatus} | ${k.o.network} |`);
  lines.push(`| total | ${format(s.total, 1)} | | | | | | |`);
  return lines;
}

interface SetupResult {
  key: SetupKey;
  stages: StageResult[];
}

const highestSustained = (r: SetupResult) => r.stages.filter((s) => summarize(s).sustained).at(-1);
const peakWithinSecond = (r: SetupResult) => Math.max(...r.stages.map((s) => summarize(s).withinSecond));

export async function runLaunch(argv: string[]): Promise<void> {
  const { values: args } = parseArgs({
    args: argv,
    options: {
      scenario: { type: 'string' },
      learners: { type: 'string', default: '20000' },
      sessions: { type: 'string', default: '500' },
      // Seconds per stage.
      duration: { type: 'string', default: '10' },
      // Sign-ups per second, stage after stage.
      stages: { type: 'string', default: '2,4,8,12,16,24,32' },
      setups: { type: 'string', default: 'sqlite,pg1,pg2' },
      // Two processes as two `serve` on two ports (one DATA_DIR, one database), spread round-robin by the load generator, instead of one `serve --workers 2`.
      separate: { type: 'boolean', default: false },
    },
  });
  const stages = args.stages.split(',').map(Number);
  const seconds = Number(args.duration);
  const warmup = Math.min(5, seconds);
  const setups = args.setups.split(',').filter((k): k is SetupKey => k in setupNames);
  const cpus = os.cpus();
  process.stdout.write(
    [
      `Machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${format(os.totalmem() / 2 ** 30, 1)} GiB RAM, load average ${os.loadavg().map((l) => format(l, 2)).join(' ')}`,
      'The load generator, PostgreSQL and the app processes all share these cores: the figures are a floor, not what a province server with its own database host carries.',
      `Launch hour: ${format(Number(args.learners))} learners before the launch; stages of ${stages.map((r) => format(r * 60)).join(', ')} sign-ups per minute, ${seconds} s each (after a ${warmup} s warm-up); setups: ${setups.map((k) => setupNames[k]).join('; ')}`,
      '',
    ].join('\n'),
  );
  const options = { learners: Number(args.learners), sessions: Number(args.sessions) };
  const results: SetupResult[] = [];

  const runSetup = async (key: SetupKey, seeded: Seeded) => {
    const processes = key === 'pg2' ? 2 : 1;
    const env = { ...seeded.env, DEMO: '0', LOG_LEVEL: 'error', TRUST_PROXY: 'loopback' };
    const servers: ServerProcess[] = [];
    try {
      if (processes > 1 && !args.separate) servers.push(await startServer({ ...env, PORT: String(await freePort()) }, [], ['--workers', String(processes)]));
      else for (let i = 0; i < processes; i++) servers.push(await startServer({ ...env, PORT: String(await freePort()) }));
      process.stdout.write(`${setupNames[key]}: ${servers.map((s) => s.url).join(', ')}\n`);
      results.push({ key, stages: await ramp(servers.map((s) => s.url), seeded, stages, seconds, warmup) });
    } finally {
      for (const s of servers) s.child.kill('SIGTERM');
      await Promise.all(servers.map((s) => s.exited));
    }
  };

  if (setups.includes('sqlite')) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hoctap-launch-'));
    const handle = connectDatabase({ databaseUrl: null, sqlitePath: path.join(dataDir, 'hoctap.sqlite'), poolSize: 1 });
    const seeded = await seed(handle, { DATA_DIR: dataDir }, options);
    await handle.close();
    await runSetup('sqlite', seeded);
  }
  const pgSetups = setups.filter((k) => k !== 'sqlite');
  if (pgSetups.length > 0) {
    const server = await startPostgresProcess({ durable: true });
    try {
      const admin = new pg.Client({ connectionString: `${server.url}/postgres` });
      await admin.connect();
      await admin.query('create database hoctap_seed');
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hoctap-launch-'));
      const handle = connectDatabase({ databaseUrl: `${server.url}/hoctap_seed`, sqlitePath: '', poolSize: 4 });
      const seeded = await seed(handle, { DATA_DIR: dataDir }, options);
      await handle.close();
      // Each setup starts from the same seeded database (and a copy of its data folder: the signing key, media).
      for (const key of pgSetups) {
        await admin.query(`create database hoctap_${key} template hoctap_seed`);
        const setupDir = mkdtempSync(path.join(os.tmpdir(), `hoctap-launch-${key}-`));
        cpSync(dataDir, setupDir, { recursive: true });
        await runSetup(key, { ...seeded, env: { DATA_DIR: setupDir, DATABASE_URL: `${server.url}/hoctap_${key}` } });
      }
      await admin.end();
    } finally {
      await server.stop();
    }
  }

  const out: string[] = [''];
  for (const r of results) {
    const best = highestSustained(r);
    const peak = r.stages.at(-1)!;
    out.push(`## ${setupNames[r.key]}`, '', ...stageTable(r.stages), '');
    if (best) out.push(`Per kind at the highest stage sustained, ${format(best.rate * 60)} sign-ups/min:`, '', ...kindTable(best), '');
    if (peak !== best) out.push(`Per kind at the last stage run, ${format(peak.rate * 60)} sign-ups/min:`, '', ...kindTable(peak), '');
  }
  out.push('## Summary', '', '| setup | highest stage sustained, sign-ups/min | ⇒ sign-ups in a launch hour at that pace | total req/s there | most req/s answered within 1 s, any stage |', '| --- | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    const best = highestSustained(r);
    out.push(`| ${setupNames[r.key]} | ${best ? format(best.rate * 60) : 'none'} | ${best ? format(best.rate * 3600) : '–'} | ${best ? format(summarize(best).total) : '–'} | ${format(peakWithinSecond(r))} |`);
  }
  const [one, two] = (['pg1', 'pg2'] as const).map((k) => results.find((r) => r.key === k));
  if (one && two) {
    const sustainedRatio = (highestSustained(two)?.rate ?? 0) / (highestSustained(one)?.rate ?? Number.NaN);
    out.push('', `PostgreSQL, 2 processes / 1: highest sustained stage ${format(sustainedRatio, 2)}; most req/s answered within 1 s ${format(peakWithinSecond(two) / peakWithinSecond(one), 2)}`);
  }
  out.push('', 'Sustained: sign-up p99 < 1 s, at least 97 % of the stage’s sign-ups answered 201, errors < 1 % of all requests. Latency counts from each request’s scheduled instant (open model).', '');
  process.stdout.write(out.join('\n'));
}
