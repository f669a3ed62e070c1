/**
 * Brings a database to a usable state at start: migrations, the reference unit
 * tree when it is missing, and demo data when asked for on an empty database.
 */
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { MediaStore } from '../media/media.service.js';
import { seedDemo } from './demo.seed.js';
import { countUnits } from '../units/units.service.js';
import { loadAnGiangUnits } from '../units/units.reference.js';
import type { DatabaseHandle } from '../db/connect.js';
import { migrateToLatest, type MigrationOutcome } from '../db/migrate.js';

export interface PreparedDatabase extends MigrationOutcome {
  demoSeeded: boolean;
}

export async function prepareDatabase(
  handle: DatabaseHandle,
  /** demo: the configuration to seed demo data with (media go to its DATA_DIR); null for none. */
  options: { demo: Config | null; backupDir: string | null; clock: Clock },
): Promise<PreparedDatabase> {
  const outcome = await migrateToLatest(handle, options.backupDir);
  const now = options.clock.now();
  if ((await countUnits(handle.db)) === 0) {
    await handle.db.transaction().execute((trx) => loadAnGiangUnits(trx, now));
  }
  let demoSeeded = false;
  if (options.demo) {
    const anyone = await handle.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
    if (!anyone) {
      await seedDemo({ db: handle.db, store: new MediaStore(options.demo.mediaDir), config: options.demo }, now);
      demoSeeded = true;
    }
  }
  return { ...outcome, demoSeeded };
}
