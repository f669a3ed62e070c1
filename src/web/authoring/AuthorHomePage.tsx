import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, ApiError, uploadFile } from '../api.js';
import { formatDateTime } from '../../shared/i18n/format.js';
import { language, t } from '../i18n/i18n.js';
import { session } from '../session.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { FormError, PlacedProblems, TextField, useSubmit } from '../ui/forms.js';
import { useApi } from '../ui/useApi.js';
import { StatusBadges } from './StatusBadges.js';

function UnitSelect({ value, onChange, id }: { value: string; onChange(code: string): void; id: string }) {
  const me = session.value;
  const units = (me?.grants ?? []).filter((g) => g.role === 'author').map((g) => g.unit);
  return (
    <div class="field">
      <label for={id}>{t('author.unit')}</label>
      <select id={id} value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value)}>
        {units.map((u) => (
          <option key={u.code} value={u.code}>
            {u.fullName}
          </option>
        ))}
      </select>
    </div>
  );
}

function NewCourse() {
  const me = session.value;
  const { route } = useLocation();
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const [unit, setUnit] = useState(me?.grants.find((g) => g.role === 'author')?.unit.code ?? '');
  const { busy, error, run, fieldError } = useSubmit();
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const created = await run(() => api('POST /api/units/:code/courses', { params: { code: unit }, body: { title, summary } }));
    if (created) route(`/author/courses/${created.id}`);
  };
  return (
    <form class="card" onSubmit={onSubmit} noValidate>
      <h2>{t('author.newCourse')}</h2>
      <FormError error={error} />
      <TextField name="title" label={t('author.courseTitle')} required value={title} onValue={setTitle} error={fieldError('title')} maxLength={200} />
      <TextField name="summary" label={t('author.courseSummary')} value={summary} onValue={setSummary} error={fieldError('summary')} maxLength={1000} />
      <UnitSelect id="new-course-unit" value={unit} onChange={setUnit} />
      <button class="button" type="submit" disabled={busy || !title.trim()}>
        {t('author.create')}
      </button>
    </form>
  );
}

function ImportPackage() {
  const me = session.value;
  const { route } = useLocation();
  const [unit, setUnit] = useState(me?.grants.find((g) => g.role === 'author')?.unit.code ?? '');
  const [file, setFile] = useState<File | null>(null);
  const { busy, error, run } = useSubmit();
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (!file) return;
    const imported = await run(() => uploadFile('POST /api/units/:code/course-packages', { params: { code: unit } }, file));
    if (imported) route(`/author/courses/${imported.id}`);
  };
  const problems = error instanceof ApiError ? error.problems : [];
  return (
    <form class="card" onSubmit={onSubmit}>
      <h2>{t('author.import')}</h2>
      {problems.length > 0 ? (
        <PlacedProblems message={t('author.importProblems')} problems={problems} />
      ) : (
        <FormError error={error} />
      )}
      <div class="field">
        <label for="package-file">{t('author.importFile')}</label>
        <input id="package-file" type="file" accept=".zip,application/zip" onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)} />
      </div>
      <UnitSelect id="import-unit" value={unit} onChange={setUnit} />
      <button class="button button--secondary" type="submit" disabled={busy || !file}>
        {busy ? t('author.importing') : t('author.importSubmit')}
      </button>
    </form>
  );
}

export function AuthorHomePage() {
  const { data, error } = useApi('GET /api/authoring/courses');
  return (
    <div class="wide">
      <h1>{t('author.title')}</h1>
      <p>{t('author.intro')}</p>
      <section>
        <h2>{t('author.myCourses')}</h2>
        {error ? <ErrorMessage error={error} /> : null}
        {!data && !error ? <Loading /> : null}
        {data?.courses.length === 0 ? <p>{t('author.noCourses')}</p> : null}
        <ul class="course-list">
          {data?.courses.map((c) => (
            <li key={c.id} class="card">
              <h3>
                <a href={`/author/courses/${c.id}`}>{c.title}</a>
              </h3>
              <StatusBadges status={c.status} publishedVersion={c.publishedVersion} reviewStatus={c.reviewStatus} />
              <p class="muted">
                {c.unit.fullName} · {t('author.lessons', { count: c.lessonCount })} · {t('author.updated', { time: formatDateTime(language.value, c.updatedAt) })}
              </p>
            </li>
          ))}
        </ul>
      </section>
      <div class="columns">
        <NewCourse />
        <ImportPackage />
      </div>
    </div>
  );
}
