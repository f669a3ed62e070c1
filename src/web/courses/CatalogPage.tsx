import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { audiences, limits } from '../../shared/limits.js';
import { language, t } from '../i18n/i18n.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { useApi } from '../ui/useApi.js';


export function CatalogPage() {
  const { query, route } = useLocation();
  const [text, setText] = useState(query.q ?? '');
  const { data: framework } = useApi('GET /api/competences');
  const tags = [query.tag, query.competence].filter(Boolean);
  const { data, error, loading } = useApi('GET /api/courses', { query: { q: query.q || undefined, tag: tags.length > 0 ? tags.join(',') : undefined } });

  const link = (change: { q?: string; tag?: string; competence?: string }) => {
    const next = new URLSearchParams();
    const merged = { q: query.q, tag: query.tag, competence: query.competence, ...change };
    for (const [key, value] of Object.entries(merged)) if (value?.trim()) next.set(key, value.trim());
    return `/courses${next.size > 0 ? `?${next}` : ''}`;
  };
  const go = (q: string) => route(link({ q }));

  return (
    <>
      <h1>{t('catalog.title')}</h1>
      <form
        class="search"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          go(text);
        }}
      >
        <label for="course-search">{t('catalog.searchLabel')}</label>
        <p id="course-search-hint" class="field__hint">
          {t('catalog.searchHint')}
        </p>
        <div class="search__row">
          <input id="course-search" type="search" name="q" value={text} maxLength={limits.searchQueryMaxLength} aria-describedby="course-search-hint" onInput={(e) => setText((e.target as HTMLInputElement).value)} />
          <button class="button search__button" type="submit">
            {t('catalog.search')}
          </button>
        </div>
      </form>
      <nav class="chips" aria-label={t('catalog.filterLabel')}>
        <a class="chip" href={link({ tag: '' })} aria-current={!query.tag ? 'true' : undefined}>
          {t('catalog.all')}
        </a>
        {audiences.map((audience) => (
          <a key={audience} class="chip" href={link({ tag: audience })} aria-current={query.tag === audience ? 'true' : undefined}>
            {t(`audience.${audience}`)}
          </a>
        ))}
      </nav>
      {/* Folded away unless in use, so that the first result is on a phone's first screen. */}
      <details class="filter-more" open={Boolean(query.competence)}>
        <summary>{t('catalog.competenceFilter')}</summary>
        <label for="competence-filter">{t('course.competences')}</label>
        <select id="competence-filter" value={query.competence ?? ''} onChange={(e) => route(link({ competence: (e.target as HTMLSelectElement).value }))}>
          <option value="">{t('catalog.all')}</option>
          {framework?.domains.flatMap((d) =>
            d.competences.map((c) => (
              <option key={c.code} value={c.code}>
                {c.code} {language.value === 'en' ? c.nameEn : c.nameVi}
              </option>
            )),
          )}
        </select>
      </details>
      {error ? <ErrorMessage error={error} /> : null}
      {loading ? <Loading /> : null}
      {data ? (
        <>
          <p class="muted" role="status">
            {data.total === 0 ? t('catalog.none') : t('catalog.results', { count: data.total })}
          </p>
          <ul class="course-list">
            {data.courses.map((course) => (
              <li key={course.id} class="card course-card">
                {course.coverImage ? <img class="course-card__cover" src={course.coverImage} alt="" loading="lazy" decoding="async" /> : null}
                <h2>
                  <a href={`/courses/${course.id}`}>{course.title}</a>
                </h2>
                <p>{course.summary}</p>
                <p class="muted">
                  {t('catalog.lessons', { count: course.lessonCount })} · {t('catalog.minutes', { minutes: course.estimatedMinutes })}
                </p>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
