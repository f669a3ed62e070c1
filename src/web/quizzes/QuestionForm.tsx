/** Writing or changing one question of a course's bank, in the plain-lines format of question-lines.ts. */
import { useState } from 'preact/hooks';
import { type QuestionType, questionTypes } from '../../shared/limits.js';
import { api } from '../api.js';
import { t } from '../i18n/i18n.js';
import { FormError, SaveCancelButtons, TextArea, TextField, useSubmit } from '../ui/forms.js';
import { choicesText, list, type QuestionDocument, toDocument } from './question-lines.js';

export interface QuestionEdit {
  id: number | null;
  document: Partial<QuestionDocument>;
}

export function QuestionForm({ courseId, editing, onDone }: { courseId: string; editing: QuestionEdit; onDone(): void }) {
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
      editing.id === null ? api('POST /api/authoring/courses/:id/questions', { params: { id: courseId }, body: { ...document } }).then(() => true) : api('PUT /api/authoring/questions/:id', { params: { id: editing.id }, body: { ...document } }).then(() => true),
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
      <SaveCancelButtons busy={busy} onCancel={onDone} />
    </form>
  );
}
