/** The public news of the movement: the list (/news) and one post (/news/:slug), readable without signing in. */
import { formatDateTime } from '../../shared/i18n/format.js';
import type { Answer } from '../api.js';
import { language, t } from '../i18n/i18n.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { useApi } from '../ui/useApi.js';

type Summary = Answer<'GET /api/news'>['posts'][number];

const when = (iso: string) => formatDateTime(language.value, iso);

export function NewsCard({ post }: { post: Summary }) {
  return (
    <li class="card news-card">
      {post.imageUrl ? <img src={post.imageUrl} alt="" loading="lazy" decoding="async" /> : null}
      <h3>
        <a href={`/news/${post.slug}`}>{post.title}</a>
      </h3>
      <p class="muted">
        {when(post.publishedAt)} · {post.unit.fullName}
      </p>
      <p>{post.excerpt}</p>
    </li>
  );
}

const pageSize = 10;

export function NewsListPage() {
  const page = Math.max(1, Number(new URLSearchParams(location.search).get('page') ?? '1') || 1);
  const { data, error } = useApi('GET /api/news', { query: { offset: (page - 1) * pageSize, limit: pageSize } });
  return (
    <>
      <h1>{t('news.title')}</h1>
      {error ? <ErrorMessage error={error} /> : !data ? <Loading /> : data.posts.length === 0 ? <p>{t('news.none')}</p> : null}
      <ul class="plain-list">
        {data?.posts.map((post) => (
          <NewsCard key={post.slug} post={post} />
        ))}
      </ul>
      <nav class="toolbar" aria-label={t('news.pages')}>
        {page > 1 ? (
          <a class="button button--secondary" href={`/news?page=${page - 1}`}>
            ← {t('news.newer')}
          </a>
        ) : null}
        {data && page * pageSize < data.total ? (
          <a class="button button--secondary" href={`/news?page=${page + 1}`}>
            {t('news.older')} →
          </a>
        ) : null}
      </nav>
    </>
  );
}

export function NewsArticlePage({ slug }: { slug: string }) {
  const { data, error } = useApi('GET /api/news/:slug', { params: { slug } });
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  return (
    <article>
      <p>
        <a class="back-link" href="/news">← {t('news.title')}</a>
      </p>
      <h1>{data.title}</h1>
      <p class="muted">
        {when(data.publishedAt)} · {data.unit.fullName}
      </p>
      {data.imageUrl ? <img class="news-image" src={data.imageUrl} alt="" decoding="async" /> : null}
      {/* Rendered from Markdown and sanitised by the server with the lessons' allow-list. */}
      <div class="lesson__body" dangerouslySetInnerHTML={{ __html: data.html }} />
    </article>
  );
}
