import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { ShortCache } from '../db/short-cache.js';
import type { App } from '../http/app-type.js';
import { allow } from '../http/policies.js';
import { sendReadyJson } from '../http/ready-json.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses } from '../http/schemas.js';
import { NewNewsPost, NewsArticle, NewsDraft, NewsDrafts, NewsIdParams, NewsPage, NewsPageQuery, NewsPatch, NewsSlugParams } from './news.schema.js';
import { createNewsPost, listNewsDrafts, listPublicNews, newsRoles, patchNewsPost, readNewsDraft, readPublicNews } from './news.service.js';

export async function newsRoutes(app: App, deps: { db: Db; clock: Clock }): Promise<void> {
  const tags = ['news'];
  // The public list is the same for everyone and every home page asks for it: kept 5 s (a post edited here shows at once,
  // one edited in another process or coming due shows within 5 s).
  // Kept as the JSON sent (made by the route's own serializer once per copy): every home page asks for the same bytes.
  const publicPages = new ShortCache<string, Buffer>(deps.clock, 5_000);
  // Authors hold a role anywhere; the service checks that the post's unit is within their reach (403 otherwise).
  const authors = allow.roleAnywhere(...newsRoles);
  const actor = async (request: Parameters<typeof viewerOf>[0]) => ({ userId: viewerOf(request).userId, ip: request.ip, now: deps.clock.now(), grants: await viewerOf(request).grants() });

  app.get(
    '/api/news',
    {
      config: { policy: allow.anyone },
      schema: { tags, summary: 'Published announcements', description: 'Anyone, without sign-in. Published posts whose publish time has come, newest first, paged.', querystring: NewsPageQuery, response: { 200: NewsPage, ...errorResponses } },
    },
    async (request, reply) =>
      sendReadyJson(
        reply,
        await publicPages.get(`${request.query.offset ?? 0}:${request.query.limit ?? 10}`, async () => Buffer.from(reply.serialize(await listPublicNews(deps.db, request.query, deps.clock.now())) as string)),
      ),
  );

  app.get(
    '/api/news/:slug',
    {
      config: { policy: allow.anyone },
      schema: { tags, summary: 'One announcement', description: 'Anyone, without sign-in. The text rendered from Markdown and sanitised. A draft or a post not yet due: 404 news_not_found.', params: NewsSlugParams, response: { 200: NewsArticle, ...errorResponses } },
    },
    async (request) => readPublicNews(deps.db, request.params.slug, deps.clock.now()),
  );

  app.get(
    '/api/news-posts',
    {
      config: { policy: authors },
      schema: { tags, summary: 'Posts I may edit', description: 'Organisers and admins. Every post (drafts too) of the units they reach, most recently changed first.', response: { 200: NewsDrafts, ...errorResponses } },
    },
    async (request) => listNewsDrafts(deps.db, await viewerOf(request).grants(), deps.clock.now()),
  );

  app.post(
    '/api/news-posts',
    {
      config: { policy: authors },
      schema: {
        tags,
        summary: 'Write an announcement',
        description: 'Organisers and admins, for a unit they reach (403 otherwise). A draft unless `status` is published; public from `publishAt` (default: now). The slug is made from the title unless given (409 news_slug_taken). Audited.',
        body: NewNewsPost,
        response: { 201: NewsDraft, ...errorResponses },
      },
    },
    async (request, reply) => {
      const post = await createNewsPost(deps.db, request.body, await actor(request));
      publicPages.clear();
      return reply.status(201).send(post);
    },
  );

  app.get(
    '/api/news-posts/:id',
    {
      config: { policy: authors },
      schema: { tags, summary: 'A post to edit', description: "Organisers and admins reaching the post's unit (403 otherwise). 404 news_not_found.", params: NewsIdParams, response: { 200: NewsDraft, ...errorResponses } },
    },
    async (request) => readNewsDraft(deps.db, request.params.id, await viewerOf(request).grants(), deps.clock.now()),
  );

  app.patch(
    '/api/news-posts/:id',
    {
      config: { policy: authors },
      schema: {
        tags,
        summary: 'Edit, publish or withdraw a post',
        description: "Organisers and admins reaching the post's unit (and the new unit, if it changes). `status: draft` withdraws it from the public. Audited.",
        params: NewsIdParams,
        body: NewsPatch,
        response: { 200: NewsDraft, ...errorResponses },
      },
    },
    async (request) => {
      const post = await patchNewsPost(deps.db, request.params.id, request.body, await actor(request));
      publicPages.clear();
      return post;
    },
  );
}
