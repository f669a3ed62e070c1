import type { Static } from 'typebox';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { LessonView } from '../../server/lessons/lessons.schema.js';
import { ApiError } from '../api.js';
import { t, useLanguage } from '../i18n/i18n.js';
import { recordProgress } from '../learning/outbox.js';
import { useSession } from '../session.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { useApi } from '../ui/useApi.js';
import { ReadAloud } from './ReadAloud.js';

type Lesson = Static<typeof LessonView>;

export function LessonPage({ id }: { id: string }) {
  useLanguage();
  const { me } = useSession();
  const { data: lesson, error } = useApi<Lesson>(me ? `/api/lessons/${encodeURIComponent(id)}` : null);
  const [done, setDone] = useState(false);
  const [savedOffline, setSavedOffline] = useState(false);
  const [courseFinished, setCourseFinished] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const article = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!lesson || !me) return;
    setDone(lesson.state.completedAt !== null);
    setSavedOffline(false);
    setCourseFinished(false);
    setFailure(null);
    // Opening a lesson enrolls in its course and is where "continue" picks up.
    recordProgress(me.id, lesson.id, 'opened').catch(() => {});
  }, [lesson?.id]);

  if (me === null) {
    return (
      <p>
        <a href="/signin">{t('course.signInToLearn')}</a>
      </p>
    );
  }
  if (error) {
    return (
      <>
        <ErrorMessage error={error} />
        <a href="/courses">{t('nav.courses')}</a>
      </>
    );
  }
  if (!lesson || !me) return <Loading />;

  const markDone = async () => {
    setFailure(null);
    try {
      const receipt = await recordProgress(me.id, lesson.id, 'completed');
      setDone(true);
      setSavedOffline(receipt === null);
      setCourseFinished(receipt?.course.completedAt != null);
    } catch (caught) {
      setFailure(caught instanceof ApiError ? caught : null);
    }
  };

  return (
    <>
      <nav class="breadcrumb" aria-label={lesson.course.title}>
        <a href={`/courses/${lesson.course.id}`}>{lesson.course.title}</a>
        <span aria-hidden="true"> › </span>
        <span>{lesson.module.title}</span>
      </nav>
      <article ref={article} class="lesson">
        <p class="muted">
          {t('lesson.position', { position: lesson.position, count: lesson.lessonCount })} · {t('lesson.minutes', { minutes: lesson.estimatedMinutes })}
        </p>
        <h1>{lesson.title}</h1>
        <ReadAloud target={() => article.current} />
        {/* Rendered and sanitized on the server at publication. */}
        <div class="lesson__body" dangerouslySetInnerHTML={{ __html: lesson.html }} />
      </article>
      <section class="lesson__actions" aria-live="polite">
        {failure ? <ErrorMessage error={failure} /> : null}
        {done ? (
          <p class="success">{savedOffline ? t('lesson.savedOffline') : t('lesson.done')}</p>
        ) : (
          <button type="button" class="button" onClick={markDone}>
            {t('lesson.markDone')}
          </button>
        )}
        {courseFinished ? <p class="success">{t('lesson.finishedCourse')}</p> : null}
      </section>
      <nav class="lesson__nav">
        {lesson.next ? (
          <a class={`button${done ? '' : ' button--secondary'}`} href={`/lessons/${lesson.next.id}`} rel="next">
            {t('lesson.next', { title: lesson.next.title })}
          </a>
        ) : null}
        {lesson.previous ? (
          <a class="button button--secondary" href={`/lessons/${lesson.previous.id}`} rel="prev">
            {t('lesson.previous', { title: lesson.previous.title })}
          </a>
        ) : null}
        <a class="button button--secondary" href={`/courses/${lesson.course.id}`}>
          {t('lesson.backToCourse')}
        </a>
      </nav>
    </>
  );
}
