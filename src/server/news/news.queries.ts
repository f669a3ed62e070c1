import type { Insertable, Updateable } from 'kysely';
import type { NewsPostId } from '../../shared/ids.js';
import type { DbOrTx } from '../db/database.js';
import type { NewsPostsTable } from './news.table.js';

const columns = [
  'news_posts.id',
  'news_posts.slug',
  'news_posts.title',
  'news_posts.body',
  'news_posts.image_media_id',
  'news_posts.status',
  'news_posts.publish_at',
  'news_posts.updated_at',
  'news_posts.unit_id',
  'units.code as unit_code',
  'units.name as unit_name',
  'units.full_name as unit_full_name',
  'units.kind as unit_kind',
  'units.path as unit_path',
] as const;

const posts = (db: DbOrTx) => db.selectFrom('news_posts').innerJoin('units', 'units.id', 'news_posts.unit_id').select(columns);

export type NewsRow = NonNullable<Awaited<ReturnType<typeof findPostById>>>;

export function findPostById(db: DbOrTx, id: NewsPostId) {
  return posts(db).where('news_posts.id', '=', id).executeTakeFirst();
}

const publicAt = (db: DbOrTx, now: number) => posts(db).where('news_posts.status', '=', 'published').where('news_posts.publish_at', '<=', now);

export function findPublicPost(db: DbOrTx, slug: string, now: number) {
  return publicAt(db, now).where('news_posts.slug', '=', slug).executeTakeFirst();
}

export function findPublicPosts(db: DbOrTx, now: number, page: { offset: number; limit: number }) {
  return publicAt(db, now).orderBy('news_posts.publish_at', 'desc').orderBy('news_posts.id', 'desc').offset(page.offset).limit(page.limit).execute();
}

export async function countPublicPosts(db: DbOrTx, now: number): Promise<number> {
  const row = await db
    .selectFrom('news_posts')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('status', '=', 'published')
    .where('publish_at', '<=', now)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** Every post of units under these paths, most recently changed first. */
export function findPostsUnder(db: DbOrTx, paths: readonly string[]) {
  if (paths.length === 0) return Promise.resolve([]);
  return posts(db)
    .where((eb) => eb.or(paths.map((p) => eb('units.path', 'like', `${p}%`))))
    .orderBy('news_posts.updated_at', 'desc')
    .limit(500)
    .execute();
}

export async function slugTaken(db: DbOrTx, slug: string, except?: NewsPostId): Promise<boolean> {
  let query = db.selectFrom('news_posts').select('id').where('slug', '=', slug);
  if (except !== undefined) query = query.where('id', '!=', except);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function insertPost(db: DbOrTx, row: Insertable<NewsPostsTable>): Promise<NewsPostId> {
  return (await db.insertInto('news_posts').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updatePost(db: DbOrTx, id: NewsPostId, change: Updateable<NewsPostsTable>): Promise<void> {
  await db.updateTable('news_posts').set(change).where('id', '=', id).execute();
}
