/**
 * Announcements of the movement (tin tuyên truyền): organisers and admins of a unit write them; the public reads
 * those published whose publish time has come. Bodies are Markdown, rendered by the lessons' sanitiser.
 */
import type { NewsPostId, UserId } from '../../shared/ids.js';
import type { Role } from '../../shared/limits.js';
import { foldForSearch } from '../../shared/text.js';
import { recordAudit } from '../audit/audit.service.js';
import { lessonPlainText, renderLessonHtml } from '../authoring/authoring.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import { badRequest, conflict, forbidden, notFound } from '../errors.js';
import { grantsReach, reachRoots, type ScopedGrant } from '../grants/grants.service.js';
import { findMediaById, mediaUrl, toReference } from '../media/media.service.js';
import type { PageMeta, PagePreview } from '../pwa/pwa.service.js';
import { findUnitByCode } from '../units/units.service.js';
import type { NewNewsPost, NewsArticle, NewsDraft, NewsDrafts, NewsPage, NewsPatch, NewsSummary } from './news.schema.js';
import { countPublicPosts, findPostById, findPostsUnder, findPublicPost, findPublicPosts, insertPost, type NewsRow, slugTaken, updatePost } from './news.queries.js';

/** Who writes news: organisers and admins, on the units they reach. */
export const newsRoles: readonly Role[] = ['organiser', 'admin'];

export interface Actor {
  userId: UserId;
  ip: string;
  now: number;
  grants: readonly ScopedGrant[];
}

const iso = (ms: number) => new Date(Number(ms)).toISOString();
const unitOf = (row: NewsRow) => ({ code: row.unit_code, name: row.unit_name, fullName: row.unit_full_name, kind: row.unit_kind });

async function imageUrlOf(db: DbOrTx, id: number | null): Promise<string | null> {
  if (id === null) return null;
  const media = await findMediaById(db, Number(id));
  return media?.kind === 'image' ? mediaUrl(toReference(media), 'w960.webp') : null;
}

async function summary(db: DbOrTx, row: NewsRow): Promise<NewsSummary> {
  const text = lessonPlainText(row.body);
  return {
    slug: row.slug,
    title: row.title,
    excerpt: text.length > 200 ? `${text.slice(0, 197).trimEnd()}…` : text,
    imageUrl: await imageUrlOf(db, row.image_media_id),
    publishedAt: iso(row.publish_at),
    unit: unitOf(row),
  };
}

export async function listPublicNews(db: Db, page: { offset?: number; limit?: number }, now: number): Promise<NewsPage> {
  const rows = await findPublicPosts(db, now, { offset: page.offset ?? 0, limit: page.limit ?? 10 });
  return { posts: await Promise.all(rows.map((row) => summary(db, row))), total: await countPublicPosts(db, now) };
}

/** A public post; a draft, or one whose publish time has not come, is a 404 as if it did not exist. */
export async function readPublicNews(db: Db, slug: string, now: number): Promise<NewsArticle> {
  const row = await findPublicPost(db, slug, now);
  if (!row) throw notFound('news_not_found');
  return { ...(await summary(db, row)), html: renderLessonHtml(row.body) };
}

/** The link preview of /news/<slug> (for pwa.service's previews). */
export function newsPagePreview(db: Db, now: () => number): PagePreview {
  return async (pathname): Promise<PageMeta | undefined> => {
    const match = /^\/news\/([a-z0-9-]{1,80})\/?$/.exec(pathname);
    if (!match) return undefined;
    const row = await findPublicPost(db, match[1]!, now());
    if (!row) return undefined;
    const post = await summary(db, row);
    return { title: post.title, description: post.excerpt, type: 'article', ...(post.imageUrl && { image: post.imageUrl }) };
  };
}

function draft(row: NewsRow, imageUrl: string | null, now: number): NewsDraft {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    body: row.body,
    imageMediaId: row.image_media_id === null ? null : Number(row.image_media_id),
    imageUrl,
    unit: unitOf(row),
    status: row.status,
    publishAt: iso(row.publish_at),
    public: row.status === 'published' && Number(row.publish_at) <= now,
    updatedAt: iso(row.updated_at),
  };
}

const reaches = (grants: readonly ScopedGrant[], path: string) => newsRoles.some((role) => grantsReach(grants, role, path));

export async function listNewsDrafts(db: Db, grants: readonly ScopedGrant[], now: number): Promise<NewsDrafts> {
  const roots = newsRoles.flatMap((role) => reachRoots(grants, role));
  const rows = await findPostsUnder(db, roots);
  return { posts: await Promise.all(rows.map(async (row) => draft(row, await imageUrlOf(db, row.image_media_id), now))) };
}

async function postInReach(db: DbOrTx, id: NewsPostId, grants: readonly ScopedGrant[]) {
  const row = await findPostById(db, id);
  if (!row) throw notFound('news_not_found');
  if (!reaches(grants, row.unit_path)) throw forbidden();
  return row;
}

export async function readNewsDraft(db: Db, id: NewsPostId, grants: readonly ScopedGrant[], now: number): Promise<NewsDraft> {
  const row = await postInReach(db, id, grants);
  return draft(row, await imageUrlOf(db, row.image_media_id), now);
}

async function unitInReach(db: DbOrTx, code: string, grants: readonly ScopedGrant[]) {
  const unit = await findUnitByCode(db, code);
  if (!unit) throw badRequest('unit_not_found', { code }, 'unitCode');
  if (!reaches(grants, unit.path)) throw forbidden();
  return unit;
}

async function imageOrThrow(db: DbOrTx, id: number | null | undefined) {
  if (id === undefined || id === null) return id;
  if ((await imageUrlOf(db, id)) === null) throw badRequest('news_image_not_found', {}, 'imageMediaId');
  return id;
}

const slugBase = (title: string) => foldForSearch(title).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 70) || 'tin';

/** The slug asked for (409 if taken), or one made from the title with -2, -3… until free. */
async function freeSlug(db: DbOrTx, asked: string | undefined, title: string, except?: NewsPostId): Promise<string> {
  if (asked !== undefined) {
    if (await slugTaken(db, asked, except)) throw conflict('news_slug_taken', { slug: asked }, 'slug');
    return asked;
  }
  const base = slugBase(title);
  for (let n = 1; ; n += 1) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!(await slugTaken(db, slug, except))) return slug;
  }
}

export async function createNewsPost(db: Db, input: NewNewsPost, actor: Actor): Promise<NewsDraft> {
  const unit = await unitInReach(db, input.unitCode, actor.grants);
  const image = await imageOrThrow(db, input.imageMediaId);
  const title = input.title.normalize('NFC').trim();
  const id = await db.transaction().execute(async (trx) => {
    const slug = await freeSlug(trx, input.slug, title);
    const postId = await insertPost(trx, {
      unit_id: unit.id,
      slug,
      title,
      body: input.body.normalize('NFC'),
      image_media_id: image ?? null,
      status: input.status ?? 'draft',
      publish_at: input.publishAt === undefined ? actor.now : Date.parse(input.publishAt),
      created_by: actor.userId,
      created_at: actor.now,
      updated_at: actor.now,
    });
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'news.create', unitId: unit.id, ip: actor.ip, details: { postId, slug, status: input.status ?? 'draft' } });
    return postId;
  });
  return readNewsDraft(db, id, actor.grants, actor.now);
}

export async function patchNewsPost(db: Db, id: NewsPostId, patch: NewsPatch, actor: Actor): Promise<NewsDraft> {
  const post = await postInReach(db, id, actor.grants);
  const unit = patch.unitCode === undefined ? undefined : await unitInReach(db, patch.unitCode, actor.grants);
  const image = await imageOrThrow(db, patch.imageMediaId);
  await db.transaction().execute(async (trx) => {
    const slug = patch.slug === undefined || patch.slug === post.slug ? undefined : await freeSlug(trx, patch.slug, post.title, id);
    await updatePost(trx, id, {
      ...(unit && { unit_id: unit.id }),
      ...(patch.title !== undefined && { title: patch.title.normalize('NFC').trim() }),
      ...(slug !== undefined && { slug }),
      ...(patch.body !== undefined && { body: patch.body.normalize('NFC') }),
      ...(image !== undefined && { image_media_id: image }),
      ...(patch.status !== undefined && { status: patch.status }),
      ...(patch.publishAt !== undefined && { publish_at: Date.parse(patch.publishAt) }),
      updated_at: actor.now,
    });
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'news.update', unitId: unit?.id ?? post.unit_id, ip: actor.ip, details: { postId: id, fields: Object.keys(patch).join(','), status: patch.status ?? post.status } });
  });
  return readNewsDraft(db, id, actor.grants, actor.now);
}
