/**
 * Writing a lesson: Markdown on one side, on the other the server's rendering
 * of it, exactly what learners will get. Changes save themselves a moment after
 * typing stops. If someone else saved in between, nothing is overwritten: both
 * versions are shown, the author's own stays in the editor, and they choose.
 * A lesson may also have a Khmer version, saved with it in the same way.
 */
import type { Static } from 'typebox';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { DraftLessonContext } from '../../server/authoring/authoring.schema.js';
import { api, ApiError } from '../api.js';
import { formatTime } from '../../shared/i18n/format.js';
import { language, t } from '../i18n/i18n.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { TextField } from '../ui/forms.js';
import { useApi } from '../ui/useApi.js';
import type { DraftLessonView } from './types.js';

type Context = Static<typeof DraftLessonContext>;
type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; at: Date } | { kind: 'failed'; message: string } | { kind: 'conflict'; current: DraftLessonView };

const autosaveDelayMs = 1200;
const previewDelayMs = 400;

function Editor({ context }: { context: Context }) {
  const { lesson, course, media } = context;
  const [title, setTitle] = useState(lesson.title);
  const [body, setBody] = useState(lesson.body);
  const [minutes, setMinutes] = useState(String(lesson.estimatedMinutes));
  const [required, setRequired] = useState(lesson.required);
  const [khmer, setKhmer] = useState<{ title: string; body: string } | null>(lesson.translations.km ?? null);
  const [preview, setPreview] = useState<{ html: string; problems: { line: number; message: string }[] } | null>(null);
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const base = useRef(lesson.revision);
  const dirty = useRef(false);
  const textarea = useRef<HTMLTextAreaElement>(null);

  const send = async (values: ReturnType<typeof valuesOf>) => {
    setSave({ kind: 'saving' });
    try {
      const saved = await api('PATCH /api/authoring/lessons/:id', { params: { id: lesson.id }, body: { baseRevision: base.current, ...values } });
      base.current = saved.revision;
      dirty.current = false;
      setSave({ kind: 'saved', at: new Date() });
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && error.current) setSave({ kind: 'conflict', current: error.current as DraftLessonView });
      else setSave({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  };
  const values = () => valuesOf({ title, body, minutes, required, khmer });

  useEffect(() => {
    if (!dirty.current || save.kind === 'conflict') return;
    const timer = setTimeout(() => send(values()), autosaveDelayMs);
    return () => clearTimeout(timer);
  }, [title, body, minutes, required, khmer]);

  useEffect(() => {
    const timer = setTimeout(async () => {
      try {
        setPreview(await api('POST /api/authoring/courses/:id/preview', { params: { id: course.id }, body: { markdown: body } }));
      } catch {
        // The preview waits for the next keystroke.
      }
    }, previewDelayMs);
    return () => clearTimeout(timer);
  }, [body]);

  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (dirty.current) event.preventDefault();
    };
    addEventListener('beforeunload', warn);
    return () => removeEventListener('beforeunload', warn);
  }, []);

  const edit = <T,>(setter: (value: T) => void) => (value: T) => {
    dirty.current = true;
    setter(value);
  };
  const insert = (snippet: string) => {
    const area = textarea.current!;
    const next = `${body.slice(0, area.selectionStart)}${snippet}${body.slice(area.selectionEnd)}`;
    edit(setBody)(next);
  };

  return (
    <div class="wide">
      <p>
        <a href={`/author/courses/${course.id}`}>{t('author.backToCourse')}</a> · <a href={`/author/lessons/${lesson.id}/preview`}>{t('author.previewLesson')}</a>
      </p>
      <p class="muted save-state" role="status" aria-live="polite">
        {save.kind === 'saving' ? t('author.saving') : null}
        {save.kind === 'saved' ? t('author.savedAt', { time: formatTime(language.value, save.at) }) : null}
        {save.kind === 'failed' ? t('author.saveFailed', { message: save.message }) : null}
      </p>
      {save.kind === 'conflict' ? (
        <div class="banner conflict" role="alert">
          <p>
            <strong>{t('author.conflictTitle')}</strong>
          </p>
          <p>{t('author.conflictBody')}</p>
          <pre class="conflict__theirs">{save.current.body}</pre>
          <button
            type="button"
            class="button"
            onClick={() => {
              base.current = save.current.revision;
              send(values());
            }}
          >
            {t('author.keepMine')}
          </button>
          <button
            type="button"
            class="button button--secondary"
            onClick={() => {
              base.current = save.current.revision;
              dirty.current = false;
              setTitle(save.current.title);
              setBody(save.current.body);
              setMinutes(String(save.current.estimatedMinutes));
              setRequired(save.current.required);
              setKhmer(save.current.translations.km ?? null);
              setSave({ kind: 'idle' });
            }}
          >
            {t('author.takeTheirs')}
          </button>
        </div>
      ) : null}
      <div class="columns">
        <div>
          <TextField name="title" label={t('author.lessonTitle')} required value={title} onValue={edit(setTitle)} maxLength={200} />
          <TextField name="minutes" inputMode="numeric" label={t('author.lessonMinutes')} value={minutes} onValue={edit(setMinutes)} maxLength={3} />
          <label class="checkbox">
            <input type="checkbox" checked={required} onChange={() => edit(setRequired)(!required)} /> {t('author.lessonRequired')}
          </label>
          <div class="field">
            <label for="lesson-body">{t('author.markdown')}</label>
            <p id="lesson-body-hint" class="field__hint">
              {t('author.markdownHint')}
            </p>
            <textarea id="lesson-body" ref={textarea} class="markdown-editor" aria-describedby="lesson-body-hint" value={body} onInput={(e) => edit(setBody)((e.target as HTMLTextAreaElement).value)} rows={24} />
          </div>
          {media.length > 0 ? (
            <div class="field">
              <label for="insert-media">{t('author.insertImage')}</label>
              <select
                id="insert-media"
                value=""
                onChange={(e) => {
                  const name = (e.target as HTMLSelectElement).value;
                  const item = media.find((m) => m.name === name);
                  if (item) insert(`![${item.alt || item.name}](media/${item.name})`);
                }}
              >
                <option value="">—</option>
                {media.map((m) => (
                  <option key={m.name} value={m.name}>
                    {m.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <KhmerVersion value={khmer} onValue={edit(setKhmer)} />
        </div>
        <div>
          <h2>{t('author.preview')}</h2>
          {preview && preview.problems.length > 0 ? (
            <div class="form-error">
              <p>{t('author.problems')}</p>
              <ul>
                {preview.problems.map((p, i) => (
                  <li key={i}>{t('author.problemLine', { line: p.line, message: p.message })}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <article class="lesson">
            <h1>{title}</h1>
            <div class="lesson__body" dangerouslySetInnerHTML={{ __html: preview?.html ?? '' }} />
          </article>
        </div>
      </div>
    </div>
  );
}

/** What autosave sends: a Khmer version without a title waits (the server refuses it); null removes it. */
function valuesOf(v: { title: string; body: string; minutes: string; required: boolean; khmer: { title: string; body: string } | null }) {
  const km = v.khmer === null ? null : v.khmer.title.trim() ? v.khmer : undefined;
  return { title: v.title, body: v.body, estimatedMinutes: Math.max(1, Number(v.minutes) || 1), required: v.required, ...(km === undefined ? {} : { translations: { km } }) };
}

function KhmerVersion({ value, onValue }: { value: { title: string; body: string } | null; onValue: (next: { title: string; body: string } | null) => void }) {
  return (
    <section class="khmer-version" aria-labelledby="khmer-version">
      <h2 id="khmer-version">{t('author.khmerVersion')}</h2>
      <p class="field__hint">{t('author.khmerHint')}</p>
      {value === null ? (
        <button type="button" class="button button--secondary" onClick={() => onValue({ title: '', body: '' })}>
          {t('author.addKhmer')}
        </button>
      ) : (
        <>
          <TextField name="khmer-title" label={t('author.khmerTitle')} lang="km" value={value.title} onValue={(title) => onValue({ ...value, title })} maxLength={200} />
          {value.title.trim() ? null : <p class="muted">{t('author.khmerNeedsTitle')}</p>}
          <div class="field">
            <label for="khmer-body">{t('author.khmerBody')}</label>
            <textarea id="khmer-body" lang="km" class="markdown-editor" value={value.body} onInput={(e) => onValue({ ...value, body: (e.target as HTMLTextAreaElement).value })} rows={16} />
          </div>
          <button type="button" class="button button--secondary" onClick={() => onValue(null)}>
            {t('author.removeKhmer')}
          </button>
        </>
      )}
    </section>
  );
}

export function LessonEditorPage({ id }: { id: string }) {
  const { data, error } = useApi('GET /api/authoring/lessons/:id', { params: { id } });
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  return <Editor key={data.lesson.id} context={data} />;
}
