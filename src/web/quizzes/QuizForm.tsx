/** Setting up one quiz of a course: fixed questions or N drawn at random, limits, pass mark, feedback. */
import { useState } from 'preact/hooks';
import type { QuizDocument } from '../../server/quizzes/quizzes.schema.js';
import { api } from '../api.js';
import type { CourseDraft } from '../authoring/types.js';
import { t } from '../i18n/i18n.js';
import { FormError, SaveCancelButtons, TextField, useSubmit } from '../ui/forms.js';
import { list } from './question-lines.js';

export interface QuizEdit {
  id: number | null;
  moduleId: number | null;
  document: Partial<QuizDocument>;
}

export function QuizForm({ courseId, modules, editing, onDone }: { courseId: string; modules: CourseDraft['modules']; editing: QuizEdit; onDone(): void }) {
  const q = editing.document;
  const [title, setTitle] = useState(q.title ?? '');
  const [kind, setKind] = useState<'practice' | 'final'>(q.kind ?? 'practice');
  const [moduleId, setModuleId] = useState<number | null>(editing.moduleId);
  const [drawn, setDrawn] = useState(q.draw !== undefined);
  const [keys, setKeys] = useState((q.questions ?? []).join(', '));
  const [count, setCount] = useState(String(q.draw?.count ?? 10));
  const [drawCompetences, setDrawCompetences] = useState((q.draw?.competences ?? []).join(', '));
  const [timeLimit, setTimeLimit] = useState(q.timeLimitMinutes ? String(q.timeLimitMinutes) : '');
  const [maxAttempts, setMaxAttempts] = useState(q.maxAttempts ? String(q.maxAttempts) : '');
  const [cooldown, setCooldown] = useState(String(q.cooldownMinutes ?? 0));
  const [passPercent, setPassPercent] = useState(String(q.passPercent ?? 70));
  const [shuffle, setShuffle] = useState(q.shuffleOptions ?? true);
  const [showAnswers, setShowAnswers] = useState(q.showAnswers ?? true);
  const { busy, error, run, fieldError } = useSubmit();
  const whole = (text: string) => (text.trim() === '' ? null : Number(text));
  const save = async (event: Event) => {
    event.preventDefault();
    const body = {
      title,
      kind,
      ...(kind === 'practice' && moduleId !== null ? { moduleId } : {}),
      ...(drawn ? { draw: { count: Number(count), ...(list(drawCompetences).length ? { competences: list(drawCompetences) } : {}) } } : { questions: list(keys) }),
      timeLimitMinutes: whole(timeLimit),
      maxAttempts: whole(maxAttempts),
      cooldownMinutes: whole(cooldown) ?? 0,
      passPercent: whole(passPercent),
      shuffleOptions: shuffle,
      showAnswers,
    };
    const ok = await run(() => (editing.id === null ? api('POST /api/authoring/courses/:id/quizzes', { params: { id: courseId }, body }).then(() => true) : api('PUT /api/authoring/quizzes/:id', { params: { id: editing.id }, body }).then(() => true)));
    if (ok !== undefined) onDone();
  };
  const listError = Object.entries(error?.fields ?? {}).find(([f]) => f.startsWith('questions'))?.[1];
  return (
    <form class="card" onSubmit={save} noValidate>
      <h3>{editing.id === null ? t('bank.addQuiz') : t('bank.editQuiz')}</h3>
      <FormError error={error} />
      <TextField name="title" label={t('bank.quizTitle')} required value={title} onValue={setTitle} error={fieldError('title')} maxLength={200} />
      <div class="field">
        <label for="quiz-kind">{t('bank.kind')}</label>
        <select id="quiz-kind" value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as 'practice' | 'final')}>
          <option value="practice">{t('quiz.kind.practice')}</option>
          <option value="final">{t('quiz.kind.final')}</option>
        </select>
      </div>
      {kind === 'practice' ? (
        <div class="field">
          <label for="quiz-module">{t('bank.placedAfter')}</label>
          <select id="quiz-module" value={moduleId === null ? '' : String(moduleId)} onChange={(e) => setModuleId((e.target as HTMLSelectElement).value ? Number((e.target as HTMLSelectElement).value) : null)}>
            <option value="">{t('bank.courseEnd')}</option>
            {modules.map((m) => (
              <option key={m.id} value={String(m.id)}>
                {m.title}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <label class="checkbox">
        <input type="checkbox" checked={drawn} onChange={() => setDrawn(!drawn)} /> {t('bank.drawAtRandom')}
      </label>
      {drawn ? (
        <>
          <TextField name="count" label={t('bank.drawCount')} inputMode="numeric" value={count} onValue={setCount} error={fieldError('draw.count')} />
          <TextField name="drawCompetences" label={t('bank.drawCompetences')} hint={t('bank.competencesHint')} value={drawCompetences} onValue={setDrawCompetences} />
        </>
      ) : (
        <TextField name="questions" label={t('bank.fixedKeys')} hint={t('bank.fixedKeysHint')} value={keys} onValue={setKeys} error={listError} />
      )}
      <TextField name="timeLimit" label={t('bank.timeLimit')} hint={t('bank.emptyMeansNone')} inputMode="numeric" value={timeLimit} onValue={setTimeLimit} error={fieldError('timeLimitMinutes')} />
      <TextField name="maxAttempts" label={t('bank.maxAttempts')} hint={t('bank.emptyMeansNone')} inputMode="numeric" value={maxAttempts} onValue={setMaxAttempts} error={fieldError('maxAttempts')} />
      <TextField name="cooldown" label={t('bank.cooldown')} inputMode="numeric" value={cooldown} onValue={setCooldown} error={fieldError('cooldownMinutes')} />
      <TextField name="passPercent" label={t('bank.passPercent')} inputMode="numeric" value={passPercent} onValue={setPassPercent} error={fieldError('passPercent')} />
      <label class="checkbox">
        <input type="checkbox" checked={shuffle} onChange={() => setShuffle(!shuffle)} /> {t('bank.shuffle')}
      </label>
      <label class="checkbox">
        <input type="checkbox" checked={showAnswers} onChange={() => setShowAnswers(!showAnswers)} /> {t('bank.showAnswers')}
      </label>
      <SaveCancelButtons busy={busy} onCancel={onDone} />
    </form>
  );
}
