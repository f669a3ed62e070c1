import { t } from '../i18n/i18n.js';
import { LessonArticle } from '../lessons/LessonArticle.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { useApi } from '../ui/useApi.js';

/** The draft lesson in the learner's reader, with the previous and next draft lessons. */
export function LessonPreviewPage({ id }: { id: string }) {
  const { data: lesson, error } = useApi('GET /api/authoring/lessons/:id/preview', { params: { id } });
  if (error) return <ErrorMessage error={error} />;
  if (!lesson) return <Loading />;
  return (
    <>
      <p class="banner" role="note">
        {t('author.previewBanner')} <a href={`/author/lessons/${lesson.id}`}>{t('author.edit')}</a>
      </p>
      <LessonArticle lesson={lesson} courseHref={`/author/courses/${lesson.course.id}`} />
      <nav class="lesson__nav">
        {lesson.next ? (
          <a class="button button--secondary" href={`/author/lessons/${lesson.next.id}/preview`}>
            {t('lesson.next', { title: lesson.next.title })}
          </a>
        ) : null}
        {lesson.previous ? (
          <a class="button button--secondary" href={`/author/lessons/${lesson.previous.id}/preview`}>
            {t('lesson.previous', { title: lesson.previous.title })}
          </a>
        ) : null}
      </nav>
    </>
  );
}
