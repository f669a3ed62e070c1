/** The courses saved on this phone, with the bytes of each lesson (issue 15); one block of "My learning". */
import { useEffect } from 'preact/hooks';
import { t } from '../i18n/i18n.js';
import { session } from '../session.js';
import { sendQueuedAttempts } from './saved-attempts.js';
import { refreshSavedCourses, savedCourses } from './saved-courses.js';
import { sizeLabel } from './SaveForOffline.js';

export function SavedCourses() {
  const courses = Object.values(savedCourses.value);
  const me = session.value;
  useEffect(() => {
    // Back online on "My learning": a newer version of a saved course, and practice attempts still waiting, go now.
    void refreshSavedCourses();
    if (me) void sendQueuedAttempts(me.id);
  }, [me?.id]);
  if (courses.length === 0) return null;
  return (
    <section class="card saved-courses" aria-labelledby="saved-courses-title">
      <h2 id="saved-courses-title">{t('saved.list')}</h2>
      <ul>
        {courses.map((course) => (
          <li key={course.courseId}>
            <a href={`/courses/${course.courseId}`}>{course.title}</a>
            <details>
              <summary>{t('saved.saved', { size: sizeLabel(course.totalBytes), count: course.lessons.length })}</summary>
              <ul class="saved-courses__lessons">
                {course.lessons.map((lesson) => (
                  <li key={lesson.id}>{t('saved.lessonSize', { title: lesson.title, size: sizeLabel(lesson.bytes) })}</li>
                ))}
              </ul>
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}
