/**
 * Modules and lessons of a draft, in order. Reordering works by dragging (mouse,
 * touch screens that support it) and by buttons (keyboard, screen readers);
 * either way the whole new order is sent at once.
 */
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { t } from '../i18n/i18n.js';
import { FormError, useSubmit } from '../ui/forms.js';
import type { CourseDraft } from './types.js';

type Outline = { id: number; title: string; lessons: { id: number; title: string }[] }[];

const outlineOf = (course: CourseDraft): Outline => course.modules.map((m) => ({ id: m.id, title: m.title, lessons: m.lessons.map((l) => ({ id: l.id, title: l.title })) }));

function moveLesson(outline: Outline, lessonId: number, toModule: number, toIndex: number): Outline {
  const copy = outline.map((m) => ({ ...m, lessons: m.lessons.filter((l) => l.id !== lessonId) }));
  const lesson = outline.flatMap((m) => m.lessons).find((l) => l.id === lessonId)!;
  const target = copy[toModule]!;
  target.lessons.splice(Math.max(0, Math.min(toIndex, target.lessons.length)), 0, lesson);
  return copy;
}

function moveModule(outline: Outline, from: number, to: number): Outline {
  if (to < 0 || to >= outline.length) return outline;
  const copy = [...outline];
  const [module] = copy.splice(from, 1);
  copy.splice(to, 0, module!);
  return copy;
}

export function OutlineEditor({ course, reload }: { course: CourseDraft; reload(): void }) {
  const outline = outlineOf(course);
  const [dragged, setDragged] = useState<number | null>(null);
  const [saved, setSaved] = useState(false);
  const { error, run } = useSubmit();

  const save = async (next: Outline) => {
    setSaved(false);
    const ok = await run(async () => {
      await api('PUT /api/authoring/courses/:id/outline', { params: { id: course.id }, body: { modules: next.map((m) => ({ id: m.id, lessonIds: m.lessons.map((l) => l.id) })) } });
      return true;
    });
    if (ok) setSaved(true);
    reload();
  };
  const addModule = async () => {
    const title = prompt(t('author.newModuleTitle'));
    if (title?.trim()) await run(() => api('POST /api/authoring/courses/:id/modules', { params: { id: course.id }, body: { title } }));
    reload();
  };
  const addLesson = async (moduleId: number) => {
    const title = prompt(t('author.newLessonTitle'));
    if (title?.trim()) await run(() => api('POST /api/authoring/modules/:id/lessons', { params: { id: moduleId }, body: { title } }));
    reload();
  };
  const renameModule = async (moduleId: number, current: string) => {
    const title = prompt(t('author.moduleTitle'), current);
    if (title?.trim() && title !== current) await run(() => api('PATCH /api/authoring/modules/:id', { params: { id: moduleId }, body: { title } }));
    reload();
  };
  const removeModule = async (moduleId: number, title: string) => {
    if (confirm(t('author.confirmRemoveModule', { title }))) await run(() => api('DELETE /api/authoring/modules/:id', { params: { id: moduleId } }));
    reload();
  };
  const removeLesson = async (lessonId: number, title: string) => {
    if (confirm(t('author.confirmRemoveLesson', { title }))) await run(() => api('DELETE /api/authoring/lessons/:id', { params: { id: lessonId } }));
    reload();
  };

  return (
    <section>
      <FormError error={error} />
      <p class="muted" role="status">
        {saved ? t('author.orderSaved') : t('author.dragHint')}
      </p>
      {outline.map((module, m) => (
        <div
          key={module.id}
          class="card outline-module"
          onDragOver={(e) => dragged !== null && e.preventDefault()}
          onDrop={(e) => {
            e.preventDefault();
            if (dragged !== null) save(moveLesson(outline, dragged, m, module.lessons.length));
            setDragged(null);
          }}
        >
          <div class="outline-row">
            <h3 class="outline-row__title">{module.title}</h3>
            <span class="outline-row__buttons">
              <button type="button" class="icon-button" aria-label={t('author.moveUp', { title: module.title })} disabled={m === 0} onClick={() => save(moveModule(outline, m, m - 1))}>
                ↑
              </button>
              <button type="button" class="icon-button" aria-label={t('author.moveDown', { title: module.title })} disabled={m === outline.length - 1} onClick={() => save(moveModule(outline, m, m + 1))}>
                ↓
              </button>
              <button type="button" class="link-button" onClick={() => renameModule(module.id, module.title)}>
                {t('author.rename')}
              </button>
              <button type="button" class="link-button danger" onClick={() => removeModule(module.id, module.title)}>
                {t('author.removeModule')}
              </button>
            </span>
          </div>
          <ol class="outline-lessons">
            {module.lessons.map((lesson, l) => (
              <li
                key={lesson.id}
                class={`outline-row outline-lesson${dragged === lesson.id ? ' outline-lesson--dragged' : ''}`}
                draggable
                onDragStart={(e) => {
                  setDragged(lesson.id);
                  e.dataTransfer?.setData('text/plain', String(lesson.id));
                }}
                onDragEnd={() => setDragged(null)}
                onDragOver={(e) => dragged !== null && e.preventDefault()}
                onDrop={(e) => {
                  e.preventDefault();
                  e.stopPropagation();
                  if (dragged !== null && dragged !== lesson.id) save(moveLesson(outline, dragged, m, l));
                  setDragged(null);
                }}
              >
                <span class="drag-handle" aria-hidden="true">
                  ⠿
                </span>
                <a class="outline-row__title" href={`/author/lessons/${lesson.id}`}>
                  {lesson.title}
                </a>
                <span class="outline-row__buttons">
                  <button type="button" class="icon-button" aria-label={t('author.moveUp', { title: lesson.title })} disabled={l === 0 && m === 0} onClick={() => save(l > 0 ? moveLesson(outline, lesson.id, m, l - 1) : moveLesson(outline, lesson.id, m - 1, outline[m - 1]!.lessons.length))}>
                    ↑
                  </button>
                  <button
                    type="button"
                    class="icon-button"
                    aria-label={t('author.moveDown', { title: lesson.title })}
                    disabled={l === module.lessons.length - 1 && m === outline.length - 1}
                    onClick={() => save(l < module.lessons.length - 1 ? moveLesson(outline, lesson.id, m, l + 1) : moveLesson(outline, lesson.id, m + 1, 0))}
                  >
                    ↓
                  </button>
                  <button type="button" class="link-button danger" onClick={() => removeLesson(lesson.id, lesson.title)}>
                    {t('author.removeLesson')}
                  </button>
                </span>
              </li>
            ))}
          </ol>
          <button type="button" class="button button--secondary" onClick={() => addLesson(module.id)}>
            {t('author.addLesson')}
          </button>
        </div>
      ))}
      <button type="button" class="button button--secondary" onClick={addModule}>
        {t('author.addModule')}
      </button>
    </section>
  );
}
