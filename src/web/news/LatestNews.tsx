/** The three latest posts under the home page's main content; loaded on its own so the first screen stays light. */
import { t } from '../i18n/i18n.js';
import { useApi } from '../ui/useApi.js';
import { NewsCard } from './NewsPages.js';

export function LatestNews() {
  const { data } = useApi('GET /api/news', { query: { limit: 3 } });
  if (!data || data.posts.length === 0) return null;
  return (
    <section aria-labelledby="latest-news">
      <h2 id="latest-news">{t('news.latest')}</h2>
      <ul class="plain-list">
        {data.posts.map((post) => (
          <NewsCard key={post.slug} post={post} />
        ))}
      </ul>
      <a class="button button--secondary" href="/news">
        {t('news.all')}
      </a>
    </section>
  );
}
