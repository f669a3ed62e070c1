import type { UserId } from '../../shared/ids.js';
import type { Database, DbOrTx, Tx } from './database.js';

/**
 * How one table's personal data leaves (export) and goes away (erase) when a
 * person exercises their rights under Law 91/2025. Each feature that stores
 * personal data provides one, next to its queries.
 */
export interface PersonalDataHandler {
  table: keyof Database;
  export(db: DbOrTx, userId: UserId): Promise<unknown[]>;
  erase(trx: Tx, userId: UserId, now: number): Promise<void>;
}
