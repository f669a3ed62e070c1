import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import { t } from '../i18n/i18n.js';
import { type LessonContext, pendingEvents, recordProgress } from '../offline/outbox.js';
import { finishedOnPhone } from '../offline/with-pending.js';
import { session } from '../session.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { useApi } from '../ui/useApi.js';
import { LessonArticle } from './LessonArticle.js';

/** What "my learning" needs to show a lesson finished offline before the server has it. */
const contextOf = (lesson: { course: { id: number }; next: LessonContext['next'] }): LessonContext => ({ courseId: lesson.course.id, next: lesson.next });

export function LessonPage({ id }: { id: string }) {
  const me = session.value;
  const { data: lesson, error } = useApi(me ? 'GET /api/lessons/:id' : null, { params: { id } });
  const [done, setDone] = useState(false);
  const [savedOffline, setSavedOffline] = useState(false);
  const [courseFinished, setCourseFinished] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);

  useEffect(() => {
    if (!lesson || !me) return;
    const waiting = finishedOnPhone(lesson.id, pendingEvents.peek());
    setDone(lesson.state.completedAt !== null || waiting);
    setSavedOffline(waiting);
    setCourseFinished(false);
    setFailure(null);
    // Opening a lesson enrolls in its course and is where "continue" picks up.
    recordProgress(me.id, lesson.id, 'opened', contextOf(lesson)).catch(() => {});
  }, [lesson?.id]);

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
      const receipt = await recordProgress(me.id, lesson.id, 'completed', contextOf(lesson));
      setDone(true);
      setSavedOffline(receipt === null);
      setCourseFinished(receipt?.course.completedAt != null);
    } catch (caught) {
      setFailure(caught instanceof ApiError ? caught : null);
    }
  };

  return (
    <>
      <LessonArticle lesson={lesson} courseHref={`/courses/${lesson.course.id}`} />
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
