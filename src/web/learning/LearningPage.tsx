import type { Static } from 'typebox';
import type { MyLearning } from '../../server/progress/progress.schema.js';
import { t } from '../i18n/i18n.js';
import { session } from '../session.js';
import { ErrorMessage, Loading, ProgressBar } from '../ui/Feedback.js';
import { Later } from '../ui/Later.js';
import { useApi } from '../ui/useApi.js';
import { learningWithPending, useWithPending } from '../offline/with-pending.js';

export type Learning = Static<typeof MyLearning>;

export function ContinueCard({ course }: { course: Learning['courses'][number] }) {
  return (
    <section class="card continue-card">
      <h2>{t('learning.continueTitle')}</h2>
      <p class="continue-card__course">{course.title}</p>
      <ProgressBar percent={course.percent} label={t('learning.percent', { percent: course.percent })} />
      {course.continueLesson ? (
        <a class="button" href={`/lessons/${course.continueLesson.id}`}>
          {t('course.continue', { title: course.continueLesson.title })}
        </a>
      ) : (
        <a class="button button--secondary" href={`/courses/${course.id}`}>
          {t('learning.done')}
        </a>
      )}
    </section>
  );
}

/** `heading`: the level of each course's title, one below the heading the list sits under. */
export function LearningList({ courses, heading: Heading = 'h3' }: { courses: Learning['courses']; heading?: 'h2' | 'h3' }) {
  return (
    <ul class="course-list">
      {courses.map((course) => (
        <li key={course.id} class="card">
          <Heading>
            <a href={`/courses/${course.id}`}>{course.title}</a>
          </Heading>
          <ProgressBar percent={course.percent} label={course.completedAt ? t('learning.done') : t('learning.percent', { percent: course.percent })} />
          {course.continueLesson ? <a href={`/lessons/${course.continueLesson.id}`}>{t('course.continue', { title: course.continueLesson.title })}</a> : null}
        </li>
      ))}
    </ul>
  );
}

export function LearningPage() {
  const me = session.value;
  const { error, ...answer } = useApi(me ? 'GET /api/me/learning' : null);
  const data = useWithPending(answer, learningWithPending);
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  return (
    <>
      <h1>{t('learning.title')}</h1>
      {data.courses.length === 0 ? (
        <>
          <p>{t('learning.none')}</p>
          <a class="button" href="/courses">
            {t('learning.browse')}
          </a>
        </>
      ) : (
        <LearningList courses={data.courses} heading="h2" />
      )}
      {/* Loaded after the page: this module is part of the home page, whose first bundle should not carry the saving code. */}
      <Later load={() => import('../offline/SavedCourses.js').then((m) => m.SavedCourses)} />
    </>
  );
}
