import type { Static } from 'typebox';
import type { CourseOutline } from '../../server/courses/courses.schema.js';
import { SaveForOffline } from '../offline/SaveForOffline.js';
import type { CourseQuizzes } from '../../server/quizzes/quizzes.schema.js';
import { signInHref } from '../auth/return-path.js';
import { t } from '../i18n/i18n.js';
import { session } from '../session.js';
import { ErrorMessage, Loading, ProgressBar } from '../ui/Feedback.js';
import { useApi } from '../ui/useApi.js';
import { outlineWithPending, useWithPending } from '../offline/with-pending.js';

type Outline = Static<typeof CourseOutline>;
type Quizzes = Static<typeof CourseQuizzes>;
type LessonState = Outline['modules'][number]['lessons'][number]['state'];

const stateMark: Record<LessonState, string> = { completed: '✓', opened: '●', available: '○', locked: '🔒' };

export function CoursePage({ id }: { id: string }) {
  const me = session.value;
  const { error, loading, ...answer } = useApi('GET /api/courses/:id', { params: { id } });
  const course = useWithPending(answer, outlineWithPending);
  const { data: quizData } = useApi('GET /api/courses/:id/quizzes', { params: { id } });
  const quizzes = quizData?.quizzes ?? [];
  if (error) return <ErrorMessage error={error} />;
  if (loading || !course) return <Loading />;

  const lessons = course.modules.flatMap((m) => m.lessons);
  const continueLesson = lessons.find((l) => l.id === course.progress?.continueLessonId);
  const first = lessons[0];
  return (
    <>
      <a class="back-link" href="/courses">
        {t('nav.courses')}
      </a>
      <h1>{course.title}</h1>
      {/* Where the person stands and the way on come first, so that both are on a phone's first screen. */}
      {course.progress ? (
        <ProgressBar
          percent={course.progress.percent}
          label={t('course.progress', { completed: course.progress.completedLessons, total: course.progress.requiredLessons, percent: course.progress.percent })}
        />
      ) : null}
      {course.progress?.completedAt ? (
        <p class="success">
          {t('course.completed')} <a href="/certificates">{t('quiz.seeCertificates')}</a>
        </p>
      ) : null}
      {me === null ? (
        <p>
          <a class="button" href={signInHref()}>
            {t('nav.signIn')}
          </a>
          <span class="muted">{t('course.signInToLearn')}</span>
        </p>
      ) : continueLesson ? (
        <a class="button" href={`/lessons/${continueLesson.id}`}>
          {t('course.continue', { title: continueLesson.title })}
        </a>
      ) : first ? (
        <a class="button" href={`/lessons/${first.id}`}>
          {course.progress ? t('course.review') : t('course.start')}
        </a>
      ) : null}
      <p>{course.summary}</p>
      <p class="muted">
        {t('catalog.lessons', { count: course.lessonCount })} · {t('catalog.minutes', { minutes: course.estimatedMinutes })}
      </p>
      {course.requiresOrder ? <p class="muted">{t('course.inOrder')}</p> : null}
      {quizData?.completionRule === 'lessons_and_final' && !course.progress?.completedAt ? <p class="muted">{t('course.ruleLessonsAndFinal')}</p> : null}
      <SaveForOffline courseId={course.id} />
      {course.modules.map((module) => (
        <section key={module.id} class="card">
          <h2>{module.title}</h2>
          <ol class="lesson-list">
            {module.lessons.map((lesson) => (
              <li key={lesson.id} class={`lesson-list__item lesson-list__item--${lesson.state}`}>
                <span class="lesson-list__mark" aria-hidden="true">
                  {stateMark[lesson.state]}
                </span>
                <span>
                  {lesson.state === 'locked' || me === null ? lesson.title : <a href={`/lessons/${lesson.id}`}>{lesson.title}</a>}
                  <small>
                    {t(`course.state.${lesson.state}`)}
                    {lesson.required ? '' : ` · ${t('course.optional')}`}
                  </small>
                </span>
              </li>
            ))}
          </ol>
          {quizzes
            .filter((q) => q.moduleId === module.id)
            .map((quiz) => (
              <QuizLink key={quiz.id} quiz={quiz} signedIn={me !== null} />
            ))}
        </section>
      ))}
      {quizzes
        .filter((q) => q.moduleId === null || !course.modules.some((m) => m.id === q.moduleId))
        .map((quiz) => (
          <section key={quiz.id} class="card">
            <QuizLink quiz={quiz} signedIn={me !== null} />
          </section>
        ))}
    </>
  );
}

function QuizLink({ quiz, signedIn }: { quiz: Quizzes['quizzes'][number]; signedIn: boolean }) {
  const used = quiz.maxAttempts !== null && quiz.attemptsUsed >= quiz.maxAttempts && !quiz.inProgress;
  return (
    <div class="quiz-link">
      <h3>
        <span aria-hidden="true">{quiz.passed ? '✓ ' : '✎ '}</span>
        {quiz.title}
      </h3>
      <p class="muted">
        {[
          t(quiz.kind === 'final' ? 'quiz.kind.final' : 'quiz.kind.practice'),
          t('quiz.questions', { count: quiz.questionCount }),
          quiz.timeLimitMinutes ? t('quiz.timeLimit', { minutes: quiz.timeLimitMinutes }) : null,
          t('quiz.passMark', { percent: quiz.passPercent }),
          quiz.bestPercent !== null ? t('quiz.best', { percent: quiz.bestPercent }) : null,
          quiz.maxAttempts !== null ? t('quiz.attemptsLeft', { left: Math.max(0, quiz.maxAttempts - quiz.attemptsUsed), max: quiz.maxAttempts }) : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {signedIn && !used ? (
        <a class="button" href={`/quizzes/${quiz.id}`}>
          {t(quiz.inProgress ? 'quiz.resumeNamed' : quiz.attemptsUsed > 0 ? 'quiz.retakeNamed' : 'quiz.startNamed', { title: quiz.title })}
        </a>
      ) : null}
    </div>
  );
}
