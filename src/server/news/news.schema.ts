import Type, { type Static } from 'typebox';
import type { NewsPostId } from '../../shared/ids.js';
import { limits } from '../../shared/limits.js';
import { newsStatuses } from '../../shared/news.js';
import { exampleUnits, Id, Int32, IsoTime, Nullable, Offset, UnitRef } from '../http/schemas.js';

export const newsSlugPattern = '^[a-z0-9]+(?:-[a-z0-9]+)*$';
const Slug = Type.String({ minLength: 1, maxLength: 80, pattern: newsSlugPattern });

export const NewsSlugParams = Type.Object({ slug: Type.String({ maxLength: 80 }) });
export const NewsIdParams = Type.Object({ id: Id<NewsPostId>() });
export const NewsPageQuery = Type.Object({ offset: Type.Optional(Offset), limit: Type.Optional(Int32({ minimum: 1, maximum: 50, default: 10 })) }, { additionalProperties: false });

const exampleSummary = {
  slug: 'phat-dong-phong-trao-binh-dan-hoc-vu-so',
  title: 'An Giang phát động phong trào “Bình dân học vụ số”',
  excerpt: 'Sáng 19/5/2025, UBND tỉnh tổ chức Lễ phát động phong trào và ra mắt ứng dụng hỗ trợ học tập suốt đời…',
  imageUrl: null,
  publishedAt: '2025-05-19T03:00:00.000Z',
  unit: exampleUnits.province,
};

const summaryFields = {
  slug: Type.String(),
  title: Type.String(),
  excerpt: Type.String({ description: 'The first words of the text, without markup' }),
  imageUrl: Nullable(Type.String()),
  publishedAt: IsoTime,
  unit: UnitRef,
};

export const NewsSummary = Type.Object(summaryFields, { examples: [exampleSummary] });
export type NewsSummary = Static<typeof NewsSummary>;

export const NewsPage = Type.Object(
  { posts: Type.Array(NewsSummary, { description: 'Newest first' }), total: Type.Integer() },
  { examples: [{ posts: [exampleSummary], total: 1 }] },
);
export type NewsPage = Static<typeof NewsPage>;

export const NewsArticle = Type.Object(
  { ...summaryFields, html: Type.String({ description: 'The Markdown rendered and sanitised (no raw HTML, no script)' }) },
  { examples: [{ ...exampleSummary, html: '<p>Sáng 19/5/2025…</p>' }] },
);
export type NewsArticle = Static<typeof NewsArticle>;

const exampleDraft = {
  id: 1,
  slug: exampleSummary.slug,
  title: exampleSummary.title,
  body: 'Sáng 19/5/2025…',
  imageMediaId: null,
  imageUrl: null,
  unit: exampleUnits.province,
  status: 'published',
  publishAt: '2025-05-19T03:00:00.000Z',
  public: true,
  updatedAt: '2025-05-18T10:00:00.000Z',
};

export const NewsDraft = Type.Object(
  {
    id: Id<NewsPostId>(),
    slug: Type.String(),
    title: Type.String(),
    body: Type.String({ description: 'Markdown' }),
    imageMediaId: Nullable(Type.Integer()),
    imageUrl: Nullable(Type.String()),
    unit: UnitRef,
    status: Type.Enum(newsStatuses),
    publishAt: IsoTime,
    public: Type.Boolean({ description: 'Published and its publish time has come' }),
    updatedAt: IsoTime,
  },
  { examples: [exampleDraft] },
);
export type NewsDraft = Static<typeof NewsDraft>;

export const NewsDrafts = Type.Object({ posts: Type.Array(NewsDraft) }, { examples: [{ posts: [exampleDraft] }] });
export type NewsDrafts = Static<typeof NewsDrafts>;

const postFields = {
  unitCode: Type.String({ minLength: 1, maxLength: limits.unitCodeMaxLength, description: 'A unit within the author’s reach' }),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  slug: Slug,
  body: Type.String({ minLength: 1, maxLength: 50_000, description: 'Markdown; raw HTML is shown as text' }),
  imageMediaId: Nullable(Id({ description: 'An image of the media library' })),
  status: Type.Enum(newsStatuses),
  publishAt: IsoTime,
};

export const NewNewsPost = Type.Object(
  { ...postFields, slug: Type.Optional(Slug), imageMediaId: Type.Optional(postFields.imageMediaId), status: Type.Optional(postFields.status), publishAt: Type.Optional(postFields.publishAt) },
  { additionalProperties: false, examples: [{ unitCode: exampleUnits.province.code, title: exampleSummary.title, body: 'Sáng 19/5/2025…', status: 'published', publishAt: '2025-05-19T03:00:00.000Z' }] },
);
export type NewNewsPost = Static<typeof NewNewsPost>;

export const NewsPatch = Type.Partial(Type.Object(postFields), { additionalProperties: false, examples: [{ status: 'published' }] });
export type NewsPatch = Static<typeof NewsPatch>;
