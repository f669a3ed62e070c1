/**
 * npm run seed:scale -- --learners 5000000
 *
 * A province-sized dataset in the configured database (DATA_DIR's SQLite file,
 * or DATABASE_URL): accounts spread over the real communes, each with progress
 * in the shipped courses (about 11 events a learner: 5 million learners make
 * some 50 million events), then the rollups rebuilt from them. For benchmarks
 * and capacity tests; never on a production database.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { progressBar } from '../src/server/cli-progress.js';
import { systemClock } from '../src/server/clock.js';
import { loadConfig, sqlitePath } from '../src/server/config.js';
import { connectDatabase } from '../src/server/db/connect.js';
import { prepareDatabase } from '../src/server/bootstrap/prepare.js';
import { hashPassword } from '../src/server/auth/passwords.js';
import { MediaStore } from '../src/server/media/media-store.js';
import { publishShippedCourses } from '../src/server/packages/shipped-courses.js';
import { rebuildRollups } from '../src/server/rollups/rebuild.js';
import { findUnitByCode } from '../src/server/units/units.queries.js';
import { seedLearners, shippedCourseOutlines } from '../bench/seed-learners.js';

const { values } = parseArgs({ options: { learners: { type: 'string', default: '50000' } } });
const count = Number(values.learners);
if (!Number.isInteger(count) || count < 1) {
  process.stderr.write('--learners takes a positive whole number\n');
  process.exit(2);
}

const config = loadConfig(process.env);
const handle = connectDatabase({ databaseUrl: config.databaseUrl, sqlitePath: sqlitePath(config), poolSize: 4 });
try {
  await prepareDatabase(handle, { demo: null, backupDir: null, clock: systemClock });
  const now = systemClock.now();
  if (!(await handle.db.selectFrom('published_courses').select('course_id').executeTakeFirst())) {
    const province = (await findUnitByCode(handle.db, '91'))!;
    await publishShippedCourses({ db: handle.db, store: new MediaStore(config.mediaDir), config }, { unitId: province.id, authorId: null }, now);
  }
  const courses = await shippedCourseOutlines(handle.db);
  await seedLearners(handle.db, { count, passwordHash: await hashPassword('scale-password'), courses, now, progress: progressBar('Seeding learners', count) });
  const rebuilding = progressBar('Rebuilding rollups', 1);
  await rebuildRollups(handle.db);
  rebuilding.tick(1);
  rebuilding.finish();
  const events = await handle.db.selectFrom('progress_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  process.stdout.write(`${count.toLocaleString('en-US')} learners, ${Number(events.n).toLocaleString('en-US')} progress events in ${config.databaseUrl ? 'PostgreSQL' : path.resolve(sqlitePath(config))}\n`);
} finally {
  await handle.close();
}
