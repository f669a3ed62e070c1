import type { Kysely } from 'kysely';

/**
 * A practice attempt taken offline on a phone (issue 15) carries the id the phone made for it: sending it again after
 * a lost answer, or from the queue days later, finds the attempt already there instead of recording a second one.
 * Null for attempts taken online; unique per person (null never collides with null, on both engines).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('quiz_attempts').addColumn('client_id', 'text').execute();
  await db.schema.createIndex('quiz_attempts_client_idx').on('quiz_attempts').columns(['user_id', 'client_id']).unique().execute();
}
