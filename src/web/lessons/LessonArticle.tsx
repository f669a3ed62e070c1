import type { Static } from 'typebox';
import { useRef } from 'preact/hooks';
import type { LessonView } from '../../server/lessons/lessons.schema.js';
import { t } from '../i18n/i18n.js';
import { ReadAloud } from './ReadAloud.js';

export type Lesson = Static<typeof LessonView>;

/** A lesson as learners read it: used by the reader and by authors' previews, so both look the same. */
export function LessonArticle({ lesson, courseHref }: { lesson: Lesson; courseHref: string }) {
  const article = useRef<HTMLElement>(null);
  return (
    <>
      <nav class="breadcrumb" aria-label={lesson.course.title}>
        <a href={courseHref}>{lesson.course.title}</a>
        <span aria-hidden="true"> › </span>
        <span>{lesson.module.title}</span>
      </nav>
      <article ref={article} class="lesson">
        <p class="muted">
          {t('lesson.position', { position: lesson.position, count: lesson.lessonCount })} · {t('lesson.minutes', { minutes: lesson.estimatedMinutes })}
        </p>
        <h1>{lesson.title}</h1>
        <ReadAloud target={() => article.current} />
        {/* Rendered and sanitized on the server. */}
        <div class="lesson__body" dangerouslySetInnerHTML={{ __html: lesson.html }} />
      </article>
    </>
  );
}
