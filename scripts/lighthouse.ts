/**
 * `npm run lighthouse`: Lighthouse 12 (mobile, its default simulated slow 4G and 4× CPU) with Debian's Chromium on
 * the home page, the catalog and a lesson of the built app, seeded with the demo data in a temporary SQLite folder.
 * The lesson is audited signed in as the demo learner (the session cookie from signing in through the API).
 * Prints accessibility, performance and CLS per page; exits with 1 below the targets (100, 95, 0.05).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import lighthouse from 'lighthouse';

const root = path.join(import.meta.dirname, '..');
const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const demoLearner = { phone: '0900000001', password: 'hoctap-demo' };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitFor(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`${url}: the process ended (${child.exitCode})`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer`);
}

async function json<T>(url: string, init?: RequestInit): Promise<{ body: T; response: Response }> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${response.status} ${await response.text()}`);
  return { body: (await response.json()) as T, response };
}

async function main(): Promise<void> {
  if (!existsSync(path.join(root, 'dist', 'web', 'index.html'))) throw new Error('dist/web is missing: run npm run build first');
  if (!existsSync(chromePath)) throw new Error(`Chromium not found at ${chromePath} (set CHROME_PATH)`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hoctap-lighthouse-'));
  const [appPort, chromePort] = [await freePort(), await freePort()];
  const base = `http://127.0.0.1:${appPort}`;
  const app = spawn(process.execPath, [path.join(root, 'bin', 'hoctap.js'), 'serve'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(appPort), DEMO: '1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const chrome = spawn(chromePath, ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--remote-debugging-port=${chromePort}`, `--user-data-dir=${path.join(dataDir, 'chrome')}`, 'about:blank'], {
    stdio: 'ignore',
  });
  try {
    await waitFor(`${base}/`, app);
    await waitFor(`http://127.0.0.1:${chromePort}/json/version`, chrome);

    const { response } = await json(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify(demoLearner) });
    const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const { body: catalog } = await json<{ courses: { id: number; title: string }[] }>(`${base}/api/courses`);
    const course = catalog.courses.find((c) => c.title.startsWith('Kỹ năng số cơ bản')) ?? catalog.courses[0]!;
    const { body: outline } = await json<{ modules: { lessons: { id: number }[] }[] }>(`${base}/api/courses/${course.id}`, { headers: { cookie } });
    const lessonId = outline.modules[0]!.lessons[0]!.id;

    const pages = [
      { name: 'home', url: `${base}/`, cookie: undefined },
      { name: 'catalog', url: `${base}/courses`, cookie: undefined },
      { name: 'lesson', url: `${base}/lessons/${lessonId}`, cookie },
    ];
    const rows: { page: string; accessibility: number; performance: number; cls: number; fcp: number; lcp: number; tbt: number }[] = [];
    for (const page of pages) {
      const result = await lighthouse(page.url, {
        port: chromePort,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['accessibility', 'performance'],
        formFactor: 'mobile',
        ...(page.cookie ? { extraHeaders: { cookie: page.cookie } } : {}),
      });
      if (!result) throw new Error(`no result for ${page.url}`);
      const { categories, audits } = result.lhr;
      rows.push({
        page: page.name,
        accessibility: Math.round((categories.accessibility?.score ?? 0) * 100),
        performance: Math.round((categories.performance?.score ?? 0) * 100),
        cls: Number((audits['cumulative-layout-shift']?.numericValue ?? 0).toFixed(3)),
        fcp: Math.round(audits['first-contentful-paint']?.numericValue ?? 0),
        lcp: Math.round(audits['largest-contentful-paint']?.numericValue ?? 0),
        tbt: Math.round(audits['total-blocking-time']?.numericValue ?? 0),
      });
      for (const audit of categories.accessibility?.auditRefs ?? []) {
        const found = audits[audit.id];
        if (found && found.score !== null && found.score < 1 && audit.weight > 0) console.log(`  ${page.name}: accessibility audit ${audit.id} fails: ${found.title}`);
      }
    }
    console.log('| page | accessibility | performance | CLS | first paint | largest paint | blocking |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const r of rows) console.log(`| ${r.page} | ${r.accessibility} | ${r.performance} | ${r.cls} | ${r.fcp} ms | ${r.lcp} ms | ${r.tbt} ms |`);
    if (rows.some((r) => r.accessibility < 100 || r.performance < 95 || r.cls >= 0.05)) process.exitCode = 1;
  } finally {
    chrome.kill();
    app.kill('SIGTERM');
    await new Promise((r) => app.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
