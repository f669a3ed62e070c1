/**
 * A course's question bank and quizzes: the lists, each with its editor below
 * (QuestionForm, QuizForm) and a quiz's item statistics; the course's
 * completion rule sits on top, since a final quiz only counts when it says so.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import type { CourseDraft } from '../authoring/types.js';
import { t } from '../i18n/i18n.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { FormError, useSubmit } from '../ui/forms.js';
import { useApi } from '../ui/useApi.js';
import { ItemStatistics } from './ItemStatistics.js';
import { type QuestionEdit, QuestionForm } from './QuestionForm.js';
import { type QuizEdit, QuizForm } from './QuizForm.js';


export function QuizBankPage({ id }: { id: string }) {
  const { data: bank, error, reload } = useApi('GET /api/authoring/courses/:id/quiz-bank', { params: { id } });
  const { data: course, reload: reloadCourse } = useApi('GET /api/authoring/courses/:id', { params: { id } });
  const [editing, setEditing] = useState<QuestionEdit | null>(null);
  const [editingQuiz, setEditingQuiz] = useState<QuizEdit | null>(null);
  const [statsFor, setStatsFor] = useState<number | null>(null);
  const removal = useSubmit();
  if (error) return <ErrorMessage error={error} />;
  if (!bank || !course) return <Loading />;
  const closeAndReload = (close: (value: null) => void) => () => {
    close(null);
    reload();
  };
  // A refused deletion (a question a quiz still uses) is explained beside the lists.
  const remove = (send: () => Promise<unknown>) => removal.run(send).then(reload);
  return (
    <>
      <p>
        <a href={`/author/courses/${id}`}>← {course.title}</a>
      </p>
      <h1>{t('bank.title')}</h1>
      <CompletionRule course={course} onSaved={reloadCourse} />
      <FormError error={removal.error} />

      <section class="card">
        <h2>{t('bank.quizzes')}</h2>
        {bank.quizzes.length === 0 ? <p class="muted">{t('bank.noQuizzes')}</p> : null}
        <ul class="bank-list">
          {bank.quizzes.map((q) => (
            <li key={q.id}>
              <strong>{q.document.title}</strong> · {t(q.document.kind === 'final' ? 'quiz.kind.final' : 'quiz.kind.practice')} ·{' '}
              {q.document.questions ? t('bank.fixed', { count: q.document.questions.length }) : t('bank.drawn', { count: q.document.draw!.count })}
              {q.moduleId ? ` · ${course.modules.find((m) => m.id === q.moduleId)?.title ?? ''}` : ''}
              <RowActions onEdit={() => setEditingQuiz({ id: q.id, moduleId: q.moduleId, document: q.document })} onDelete={() => remove(() => api('DELETE /api/authoring/quizzes/:id', { params: { id: q.id } }))}>
                <button type="button" class="button button--small button--secondary" onClick={() => setStatsFor(statsFor === q.id ? null : q.id)}>
                  {t('bank.statistics')}
                </button>
              </RowActions>
              {statsFor === q.id ? <ItemStatistics quizId={q.id} /> : null}
            </li>
          ))}
        </ul>
        {editingQuiz ? (
          <QuizForm
            key={editingQuiz.id ?? 'new'}
            courseId={id}
            modules={course.modules}
            editing={editingQuiz}
            onDone={closeAndReload(setEditingQuiz)}
          />
        ) : (
          <button type="button" class="button" onClick={() => setEditingQuiz({ id: null, moduleId: null, document: { kind: 'practice', passPercent: 70, shuffleOptions: true, showAnswers: true } })}>
            {t('bank.addQuiz')}
          </button>
        )}
      </section>

      <section class="card">
        <h2>{t('bank.questions', { count: bank.questions.length })}</h2>
        <ol class="bank-list">
          {bank.questions.map((q) => (
            <li key={q.id}>
              <code>{q.document.id}</code> · {t(`bank.type.${q.document.type}`)} · {q.document.prompt}
              <RowActions onEdit={() => setEditing({ id: q.id, document: q.document })} onDelete={() => remove(() => api('DELETE /api/authoring/questions/:id', { params: { id: q.id } }))} />
            </li>
          ))}
        </ol>
        {editing ? (
          <QuestionForm
            key={editing.id ?? 'new'}
            courseId={id}
            editing={editing}
            onDone={closeAndReload(setEditing)}
          />
        ) : (
          <button type="button" class="button" onClick={() => setEditing({ id: null, document: { type: 'single' } })}>
            {t('bank.addQuestion')}
          </button>
        )}
      </section>
    </>
  );
}

function RowActions({ onEdit, onDelete, children }: { onEdit(): void; onDelete(): void; children?: ComponentChildren }) {
  return (
    <span class="actions">
      <button type="button" class="button button--small" onClick={onEdit}>
        {t('bank.edit')}
      </button>
      {children}
      <button type="button" class="button button--small button--secondary" onClick={onDelete}>
        {t('bank.delete')}
      </button>
    </span>
  );
}

function CompletionRule({ course, onSaved }: { course: CourseDraft; onSaved(): void }) {
  const { error, run } = useSubmit();
  const change = (rule: CourseDraft['completionRule']) => run(() => api('PATCH /api/authoring/courses/:id', { params: { id: course.id }, body: { completionRule: rule } })).then(onSaved);
  return (
    <div class="field">
      <label for="completion-rule">{t('bank.completionRule')}</label>
      <select id="completion-rule" value={course.completionRule} onChange={(e) => change((e.target as HTMLSelectElement).value as CourseDraft['completionRule'])}>
        <option value="lessons">{t('bank.rule.lessons')}</option>
        <option value="lessons_and_final">{t('bank.rule.lessonsAndFinal')}</option>
      </select>
      <FormError error={error} />
    </div>
  );
}
