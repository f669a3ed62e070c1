/**
 * A course's question bank and quizzes. Questions are written as plain lines
 * (one option per line, "*" before each right one; "left = right" to match),
 * which is quick on a laptop and needs no training; the server checks every
 * field and says which one is wrong.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { t, useLanguage } from '../i18n/i18n.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { FormError, TextField, useSubmit } from '../ui/forms.js';
import { DataTable } from '../ui/DataTable.js';
import { useApi } from '../ui/useApi.js';
import type { QuizDocument } from '../../server/quizzes/quiz-documents.js';
import { type QuestionType, questionTypes } from '../../shared/limits.js';
import type { CourseDraft } from './types.js';

/**
 * A question as the form edits it: every type's fields side by side, since the
 * author can switch type while typing (the server's QuestionDocument is a union).
 */
interface QuestionDocument {
  id: string;
  type: QuestionType;
  prompt: string;
  media?: string;
  explanation?: string;
  competences?: string[];
  options?: string[];
  answer?: number | number[] | boolean;
  items?: string[];
  pairs?: [string, string][];
  answers?: string[];
  ignoreDiacritics?: boolean;
}

interface Bank {
  questions: { id: number; document: QuestionDocument }[];
  quizzes: { id: number; moduleId: number | null; document: QuizDocument }[];
}

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);
const list = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);

/** The editable text of a question's choices, in the line format above. */
function choicesText(q: Partial<QuestionDocument>): string {
  switch (q.type) {
    case 'single':
    case 'multiple': {
      const right = new Set(Array.isArray(q.answer) ? q.answer : [q.answer]);
      return (q.options ?? []).map((o, i) => `${right.has(i) ? '* ' : ''}${o}`).join('\n');
    }
    case 'ordering':
      return (q.items ?? []).join('\n');
    case 'matching':
      return (q.pairs ?? []).map(([l, r]) => `${l} = ${r}`).join('\n');
    case 'short_text':
      return (q.answers ?? []).join('\n');
    default:
      return '';
  }
}

function toDocument(base: Pick<QuestionDocument, 'id' | 'type' | 'prompt' | 'explanation' | 'competences' | 'media'>, choices: string, truth: boolean, ignoreDiacritics: boolean): QuestionDocument {
  const rows = lines(choices);
  switch (base.type) {
    case 'single':
    case 'multiple': {
      const right = rows.flatMap((row, i) => (row.startsWith('*') ? [i] : []));
      const options = rows.map((row) => row.replace(/^\*\s*/, ''));
      return { ...base, options, answer: base.type === 'single' ? (right[0] ?? -1) : right };
    }
    case 'true_false':
      return { ...base, answer: truth };
    case 'ordering':
      return { ...base, items: rows };
    case 'matching':
      return { ...base, pairs: rows.map((row) => row.split('=').map((side) => side.trim()) as [string, string]) };
    case 'short_text':
      return { ...base, answers: rows, ignoreDiacritics };
  }
}

export function QuizBankPage({ id }: { id: string }) {
  useLanguage();
  const { data: bank, error, reload } = useApi<Bank>(`/api/authoring/courses/${encodeURIComponent(id)}/quiz-bank`);
  const { data: course, reload: reloadCourse } = useApi<CourseDraft>(`/api/authoring/courses/${encodeURIComponent(id)}`);
  const [editing, setEditing] = useState<{ id: number | null; document: Partial<QuestionDocument> } | null>(null);
  const [editingQuiz, setEditingQuiz] = useState<{ id: number | null; moduleId: number | null; document: Partial<QuizDocument> } | null>(null);
  const [statsFor, setStatsFor] = useState<number | null>(null);
  const removal = useSubmit();
  if (error) return <ErrorMessage error={error} />;
  if (!bank || !course) return <Loading />;
  const closeAndReload = (close: (value: null) => void) => () => {
    close(null);
    reload();
  };
  // A refused deletion (a question a quiz still uses) is explained beside the lists.
  const remove = (path: string) => removal.run(() => api('DELETE', path)).then(reload);
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
              <RowActions onEdit={() => setEditingQuiz({ id: q.id, moduleId: q.moduleId, document: q.document })} onDelete={() => remove(`/api/authoring/quizzes/${q.id}`)}>
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
              <RowActions onEdit={() => setEditing({ id: q.id, document: q.document })} onDelete={() => remove(`/api/authoring/questions/${q.id}`)} />
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
  const change = (rule: string) => run(() => api('PATCH', `/api/authoring/courses/${course.id}`, { completionRule: rule })).then(onSaved);
  return (
    <div class="field">
      <label for="completion-rule">{t('bank.completionRule')}</label>
      <select id="completion-rule" value={course.completionRule} onChange={(e) => change((e.target as HTMLSelectElement).value)}>
        <option value="lessons">{t('bank.rule.lessons')}</option>
        <option value="lessons_and_final">{t('bank.rule.lessonsAndFinal')}</option>
      </select>
      <FormError error={error} />
    </div>
  );
}

function TextArea({ label, hint, value, onValue, error, rows = 4 }: { label: string; hint?: string; value: string; onValue(v: string): void; error?: string; rows?: number }) {
  const id = `ta-${label.replace(/\W+/g, '-')}`;
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <label for={id}>{label}</label>
      {hint ? <p class="field__hint">{hint}</p> : null}
      {error ? (
        <p class="field__error" role="alert">
          {error}
        </p>
      ) : null}
      <textarea id={id} rows={rows} value={value} aria-invalid={error ? 'true' : undefined} onInput={(e) => onValue((e.target as HTMLTextAreaElement).value)} />
    </div>
  );
}

function QuestionForm({ courseId, editing, onDone }: { courseId: string; editing: { id: number | null; document: Partial<QuestionDocument> }; onDone(): void }) {
  const q = editing.document;
  const [key, setKey] = useState(q.id ?? '');
  const [type, setType] = useState<QuestionType>(q.type ?? 'single');
  const [prompt, setPrompt] = useState(q.prompt ?? '');
  const [choices, setChoices] = useState(choicesText(q));
  const [truth, setTruth] = useState(q.answer === true);
  const [ignoreDiacritics, setIgnore] = useState(q.ignoreDiacritics ?? false);
  const [explanation, setExplanation] = useState(q.explanation ?? '');
  const [competences, setCompetences] = useState((q.competences ?? []).join(', '));
  const [media, setMedia] = useState(q.media ?? '');
  const { busy, error, run, fieldError } = useSubmit();
  const choiceError = ['options', 'items', 'pairs', 'answers', 'answer'].map((f) => fieldError(f)).find(Boolean) ?? Object.entries(error?.fields ?? {}).find(([f]) => /^(options|items|pairs|answers)\[/.test(f))?.[1];
  const save = async (event: Event) => {
    event.preventDefault();
    const document = toDocument(
      { id: key.trim(), type, prompt, ...(explanation.trim() ? { explanation } : {}), ...(media.trim() ? { media: media.trim() } : {}), competences: list(competences) },
      choices,
      truth,
      ignoreDiacritics,
    );
    const ok = await run(() =>
      editing.id === null ? api('POST', `/api/authoring/courses/${courseId}/questions`, document) : api('PUT', `/api/authoring/questions/${editing.id}`, document).then(() => true),
    );
    if (ok !== undefined) onDone();
  };
  return (
    <form class="card" onSubmit={save} noValidate>
      <h3>{editing.id === null ? t('bank.addQuestion') : t('bank.editQuestion')}</h3>
      <FormError error={error} />
      <TextField name="key" label={t('bank.key')} hint={t('bank.keyHint')} required value={key} onValue={setKey} error={fieldError('id')} maxLength={40} />
      <div class="field">
        <label for="question-type">{t('bank.type')}</label>
        <select id="question-type" value={type} onChange={(e) => setType((e.target as HTMLSelectElement).value as QuestionType)}>
          {questionTypes.map((qt) => (
            <option key={qt} value={qt}>
              {t(`bank.type.${qt}`)}
            </option>
          ))}
        </select>
      </div>
      <TextArea label={t('bank.prompt')} value={prompt} onValue={setPrompt} error={fieldError('prompt')} rows={3} />
      {type === 'true_false' ? (
        <div class="field">
          <label for="truth">{t('bank.rightAnswer')}</label>
          <select id="truth" value={String(truth)} onChange={(e) => setTruth((e.target as HTMLSelectElement).value === 'true')}>
            <option value="true">{t('quiz.true')}</option>
            <option value="false">{t('quiz.false')}</option>
          </select>
        </div>
      ) : (
        <TextArea label={t('bank.choices')} hint={t(`bank.choicesHint.${type as Exclude<QuestionType, 'true_false'>}`)} value={choices} onValue={setChoices} error={choiceError} rows={6} />
      )}
      {type === 'short_text' ? (
        <label class="checkbox">
          <input type="checkbox" checked={ignoreDiacritics} onChange={() => setIgnore(!ignoreDiacritics)} /> {t('bank.ignoreDiacritics')}
        </label>
      ) : null}
      <TextArea label={t('bank.explanation')} value={explanation} onValue={setExplanation} error={fieldError('explanation')} rows={3} />
      <TextField name="competences" label={t('bank.competences')} hint={t('bank.competencesHint')} value={competences} onValue={setCompetences} error={Object.entries(error?.fields ?? {}).find(([f]) => f.startsWith('competences'))?.[1]} />
      <TextField name="media" label={t('bank.media')} hint={t('bank.mediaHint')} value={media} onValue={setMedia} error={fieldError('media')} />
      <button type="submit" class="button" disabled={busy}>
        {t('common.save')}
      </button>{' '}
      <button type="button" class="button button--secondary" onClick={onDone}>
        {t('common.cancel')}
      </button>
    </form>
  );
}

function QuizForm({ courseId, modules, editing, onDone }: { courseId: string; modules: CourseDraft['modules']; editing: { id: number | null; moduleId: number | null; document: Partial<QuizDocument> }; onDone(): void }) {
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
    const ok = await run(() => (editing.id === null ? api('POST', `/api/authoring/courses/${courseId}/quizzes`, body) : api('PUT', `/api/authoring/quizzes/${editing.id}`, body).then(() => true)));
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
      <button type="submit" class="button" disabled={busy}>
        {t('common.save')}
      </button>{' '}
      <button type="button" class="button button--secondary" onClick={onDone}>
        {t('common.cancel')}
      </button>
    </form>
  );
}

interface Statistics {
  attempts: number;
  items: { key: string; prompt: string; answered: number; difficulty: number; discrimination: number | null; mostChosenWrong: { answer: string; count: number } | null }[];
}

function ItemStatistics({ quizId }: { quizId: number }) {
  const { data, error } = useApi<Statistics>(`/api/authoring/quizzes/${quizId}/statistics`);
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);
  return (
    <>
      <p class="muted">{t('bank.statsAttempts', { count: data.attempts })}</p>
      <DataTable
        caption={t('bank.statistics')}
        columns={[t('bank.key'), t('bank.difficulty'), t('bank.discrimination'), t('bank.mostChosenWrong')]}
        rows={data.items.map((item) => ({
          key: item.key,
          cells: [
            <span title={item.prompt}>{item.key}</span>,
            percent(item.difficulty),
            item.discrimination === null ? '—' : item.discrimination.toFixed(2),
            item.mostChosenWrong ? `${item.mostChosenWrong.answer} (${item.mostChosenWrong.count})` : '—',
          ],
        }))}
      />
    </>
  );
}
