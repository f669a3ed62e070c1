import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { audiences } from '../../shared/limits.js';
import { api, ApiError } from '../api.js';
import { formatDateTime } from '../../shared/i18n/format.js';
import { language, t } from '../i18n/i18n.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { FormError, PlacedProblems, TextField, useSubmit } from '../ui/forms.js';
import { useApi } from '../ui/useApi.js';
import { MediaLibrary } from './MediaLibrary.js';
import { OutlineEditor } from './OutlineEditor.js';
import { ReviewPanel } from './ReviewPanel.js';
import { StatusBadges } from './StatusBadges.js';
import type { CourseDraft } from './types.js';

const tabs = ['content', 'details', 'media', 'review', 'history'] as const;
type Tab = (typeof tabs)[number];

function DetailsForm({ course, reload }: { course: CourseDraft; reload(): void }) {
  const { data: framework } = useApi('GET /api/competences');
  const [title, setTitle] = useState(course.title);
  const [summary, setSummary] = useState(course.summary);
  const [chosenAudiences, setAudiences] = useState(course.audiences);
  const [competences, setCompetences] = useState(course.competences);
  const [requiresOrder, setRequiresOrder] = useState(course.requiresOrder);
  const [requiresReview, setRequiresReview] = useState(course.requiresReview);
  const [cover, setCover] = useState(course.coverImage ?? '');
  const [saved, setSaved] = useState(false);
  const { busy, error, run, fieldError } = useSubmit();
  const toggle = <T,>(list: T[], item: T) => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);
  const save = async (event: Event) => {
    event.preventDefault();
    setSaved(false);
    const ok = await run(() =>
      api('PATCH /api/authoring/courses/:id', { params: { id: course.id }, body: { title, summary, audiences: chosenAudiences, competences, requiresOrder, requiresReview, coverImage: cover || null } }),
    );
    if (ok) {
      setSaved(true);
      reload();
    }
  };
  return (
    <form class="card" onSubmit={save} noValidate>
      <FormError error={error} />
      {saved ? <p class="success" role="status">{t('common.saved')}</p> : null}
      <TextField name="title" label={t('author.courseTitle')} required value={title} onValue={setTitle} error={fieldError('title')} maxLength={200} />
      <TextField name="summary" label={t('author.courseSummary')} value={summary} onValue={setSummary} error={fieldError('summary')} maxLength={1000} />
      <fieldset class="field">
        <legend>{t('author.audiences')}</legend>
        {audiences.map((a) => (
          <label key={a} class="checkbox">
            <input type="checkbox" checked={chosenAudiences.includes(a)} onChange={() => setAudiences(toggle(chosenAudiences, a))} /> {t(`audience.${a}`)}
          </label>
        ))}
      </fieldset>
      <fieldset class="field">
        <legend>{t('author.competences')}</legend>
        {framework?.domains.map((d) => (
          <div key={d.code}>
            <p class="muted">
              {d.code}. {language.value === 'en' ? d.nameEn : d.nameVi}
            </p>
            {d.competences.map((c) => (
              <label key={c.code} class="checkbox">
                <input type="checkbox" checked={competences.includes(c.code)} onChange={() => setCompetences(toggle(competences, c.code))} /> {c.code} {language.value === 'en' ? c.nameEn : c.nameVi}
              </label>
            ))}
          </div>
        ))}
      </fieldset>
      <label class="checkbox">
        <input type="checkbox" checked={requiresOrder} onChange={() => setRequiresOrder(!requiresOrder)} /> {t('author.requiresOrder')}
      </label>
      <label class="checkbox">
        <input type="checkbox" checked={requiresReview} onChange={() => setRequiresReview(!requiresReview)} /> {t('author.requiresReview')}
      </label>
      <div class="field">
        <label for="cover">{t('author.cover')}</label>
        <select id="cover" value={cover} onChange={(e) => setCover((e.target as HTMLSelectElement).value)}>
          <option value="">{t('author.noCover')}</option>
          {course.media
            .filter((m) => m.kind === 'image')
            .map((m) => (
              <option key={m.id} value={m.name}>
                {m.name}
              </option>
            ))}
        </select>
      </div>
      <button class="button" type="submit" disabled={busy}>
        {t('author.saveDetails')}
      </button>
    </form>
  );
}

function HistoryPanel({ course, reload }: { course: CourseDraft; reload(): void }) {
  const { error, run } = useSubmit();
  const rollback = async (number: number) => {
    if (!confirm(t('author.confirmRollback', { number }))) return;
    await run(() => api('POST /api/authoring/courses/:id/versions/:number/rollback', { params: { id: course.id, number } }));
    reload();
  };
  return (
    <section>
      <h3>{t('author.versions')}</h3>
      <FormError error={error} />
      {course.versions.length === 0 ? <p>{t('author.noVersions')}</p> : null}
      <ol class="comments">
        {course.versions.map((v) => (
          <li key={v.number} class="card">
            <p>{t('author.version', { number: v.number, time: formatDateTime(language.value, v.publishedAt), who: v.publishedBy ?? '—' })}</p>
            {v.number !== course.publishedVersion ? (
              <button type="button" class="link-button" onClick={() => rollback(v.number)}>
                {t('author.rollback', { number: v.number })}
              </button>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function CourseEditorPage({ id }: { id: string }) {
  const { route } = useLocation();
  const { data: course, error, reload } = useApi('GET /api/authoring/courses/:id', { params: { id } });
  const [tab, setTab] = useState<Tab>('content');
  const [notice, setNotice] = useState<string | null>(null);
  const action = useSubmit();
  if (error) return <ErrorMessage error={error} />;
  if (!course) return <Loading />;

  const publish = async () => {
    setNotice(null);
    const published = await action.run(() => api('POST /api/authoring/courses/:id/publish', { params: { id: course.id } }));
    if (published) setNotice(t('author.published', { version: published.version }));
    reload();
  };
  const unpublish = async () => {
    if (await action.run(() => api('POST /api/authoring/courses/:id/unpublish', { params: { id: course.id } }).then(() => true))) setNotice(t('author.unpublished'));
    reload();
  };
  const remove = async () => {
    if (!confirm(t('author.confirmDelete'))) return;
    if (await action.run(() => api('DELETE /api/authoring/courses/:id', { params: { id: course.id } }).then(() => true))) route('/author');
  };
  const firstLesson = course.modules.flatMap((m) => m.lessons)[0];
  const problems = action.error instanceof ApiError ? action.error.problems : [];

  return (
    <div class="wide">
      <p>
        <a href="/author">{t('author.title')}</a>
      </p>
      <h1>{course.title}</h1>
      <p class="muted">{course.unit.fullName}</p>
      <StatusBadges status={course.status} publishedVersion={course.publishedVersion} reviewStatus={course.reviewStatus} />
      <div class="toolbar">
        <button type="button" class="button" onClick={publish} disabled={action.busy}>
          {action.busy ? t('author.publishing') : t('author.publish')}
        </button>
        {course.publishedVersion !== null ? (
          <button type="button" class="button button--secondary" onClick={unpublish}>
            {t('author.unpublish')}
          </button>
        ) : null}
        {firstLesson ? (
          <a class="button button--secondary" href={`/author/lessons/${firstLesson.id}/preview`}>
            {t('author.previewLesson')}
          </a>
        ) : null}
        <a class="button button--secondary" href={`/author/courses/${course.id}/quizzes`}>
          {t('bank.title')}
        </a>
        <a class="button button--secondary" href={`/api/authoring/courses/${course.id}/package`} download>
          {t('author.export')}
        </a>
        <button type="button" class="button button--secondary danger" onClick={remove}>
          {t('author.delete')}
        </button>
      </div>
      {notice ? (
        <p class="success" role="status">
          {notice}
        </p>
      ) : null}
      {problems.length > 0 ? (
        <PlacedProblems message={action.error!.message} problems={problems} />
      ) : (
        <FormError error={action.error} />
      )}
      <div role="tablist" class="tabs">
        {tabs.map((name) => (
          <button key={name} type="button" role="tab" id={`tab-${name}`} aria-selected={tab === name} aria-controls={`panel-${name}`} onClick={() => {
            setTab(name);
            setNotice(null);
          }}>
            {t(`author.tab.${name}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'content' ? <OutlineEditor course={course} reload={reload} /> : null}
        {tab === 'details' ? <DetailsForm key={course.draftRevision} course={course} reload={reload} /> : null}
        {tab === 'media' ? <MediaLibrary course={course} reload={reload} /> : null}
        {tab === 'review' ? <ReviewPanel course={course} reload={reload} /> : null}
        {tab === 'history' ? <HistoryPanel course={course} reload={reload} /> : null}
      </div>
    </div>
  );
}

