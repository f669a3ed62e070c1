import type { Static } from 'typebox';
import { useRef, useState } from 'preact/hooks';
import type { LessonView } from '../../server/lessons/lessons.schema.js';
import { language, t } from '../i18n/i18n.js';
import { ReadAloud } from './ReadAloud.js';

export type Lesson = Static<typeof LessonView>;

/** A lesson as learners read it: used by the reader and by authors' previews, so both look the same. */
export function LessonArticle({ lesson, courseHref }: { lesson: Lesson; courseHref: string }) {
  const article = useRef<HTMLElement>(null);
  const khmer = lesson.translations.km;
  // Khmer readers get the Khmer version first (also after switching the interface); anyone may choose either.
  const [chosen, setChosen] = useState<boolean | null>(null);
  const inKhmer = chosen ?? language.value === 'km';
  const shown = inKhmer && khmer ? { lang: 'km' as const, title: khmer.title, html: khmer.html } : { lang: 'vi' as const, title: lesson.title, html: lesson.html };
  return (
    <>
      <nav class="breadcrumb" aria-label={lesson.course.title}>
        <a href={courseHref}>{lesson.course.title}</a>
        <span aria-hidden="true"> › </span>
        <span>{lesson.module.title}</span>
      </nav>
      <article ref={article} class="lesson" lang={shown.lang}>
        <p class="muted" lang={language.value}>
          {t('lesson.position', { position: lesson.position, count: lesson.lessonCount })} · {t('lesson.minutes', { minutes: lesson.estimatedMinutes })}
        </p>
        <h1>{shown.title}</h1>
        <div class="lesson__tools" lang={language.value}>
          <ReadAloud key={shown.lang} target={() => article.current} lang={shown.lang} />
          {khmer ? (
            <button type="button" class="button button--secondary" onClick={() => setChosen(shown.lang !== 'km')}>
              {shown.lang === 'km' ? <ReadIn lang="vi" native="Đọc bằng tiếng Việt" /> : <ReadIn lang="km" native="អានជាភាសាខ្មែរ" />}
            </button>
          ) : null}
        </div>
        {/* Rendered and sanitized on the server. */}
        <div class="lesson__body" dangerouslySetInnerHTML={{ __html: shown.html }} />
      </article>
    </>
  );
}

/** "Read in Khmer" in Khmer, so that a Khmer reader finds it whatever the interface language, and in the interface's. */
function ReadIn({ lang, native }: { lang: 'vi' | 'km'; native: string }) {
  const local = t(lang === 'km' ? 'lesson.readInKhmer' : 'lesson.readInVietnamese');
  return (
    <>
      <span lang={lang}>{native}</span>
      {local === native ? null : <span class="lesson__tools-local"> · {local}</span>}
    </>
  );
}
