/** Organisers and admins write announcements for their units: drafts, publish now or at a time, withdraw. */
import { useState } from 'preact/hooks';
import { formatDateTime } from '../../shared/i18n/format.js';
import type { Answer } from '../api.js';
import { api } from '../api.js';
import { language, t } from '../i18n/i18n.js';
import { session } from '../session.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { Checkbox, FormError, TextArea, TextField, useSubmit } from '../ui/forms.js';
import { useApi } from '../ui/useApi.js';

type Draft = Answer<'GET /api/news-posts'>['posts'][number];

/** datetime-local speaks the phone's local time without a zone. */
const toLocalInput = (iso: string) => {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

function PostForm({ post, onSaved, onCancel }: { post: Draft | null; onSaved(): void; onCancel(): void }) {
  const units = (session.value?.grants ?? []).filter((g) => g.role === 'organiser' || g.role === 'admin').map((g) => g.unit);
  const [unitCode, setUnitCode] = useState(post?.unit.code ?? units[0]?.code ?? '');
  const [title, setTitle] = useState(post?.title ?? '');
  const [body, setBody] = useState(post?.body ?? '');
  const [shownPublishAt] = useState(() => toLocalInput(post?.publishAt ?? new Date().toISOString()));
  const [publishAt, setPublishAt] = useState(shownPublishAt);
  const [published, setPublished] = useState(post?.status === 'published');
  const { busy, error, run, fieldError } = useSubmit();
  const submit = async (event: Event) => {
    event.preventDefault();
    // The time goes only when changed: "publish now" is the server's now, not the phone's clock cut to the minute
    // (a phone a minute ahead would schedule it), and an edit keeps the stored time to the second.
    const time = publishAt === shownPublishAt ? {} : { publishAt: new Date(publishAt).toISOString() };
    const fields = { unitCode, title, body, status: published ? ('published' as const) : ('draft' as const), ...time };
    const saved = await run(() => (post ? api('PATCH /api/news-posts/:id', { params: { id: post.id }, body: fields }) : api('POST /api/news-posts', { body: fields })));
    if (saved) onSaved();
  };
  return (
    <form class="card" onSubmit={submit} noValidate>
      <h2>{post ? t('newsEditor.edit') : t('newsEditor.new')}</h2>
      <FormError error={error} />
      <div class="field">
        <label for="news-unit">{t('newsEditor.unit')}</label>
        <select id="news-unit" value={unitCode} onChange={(e) => setUnitCode((e.target as HTMLSelectElement).value)}>
          {units.map((u) => (
            <option key={u.code} value={u.code}>
              {u.fullName}
            </option>
          ))}
        </select>
      </div>
      <TextField name="newsTitle" label={t('newsEditor.titleField')} required value={title} onValue={setTitle} error={fieldError('title')} maxLength={200} />
      <TextArea label={t('newsEditor.body')} hint={t('newsEditor.bodyHint')} value={body} onValue={setBody} error={fieldError('body')} rows={10} />
      <TextField name="publishAt" type="datetime-local" label={t('newsEditor.publishAt')} hint={t('newsEditor.publishAtHint')} value={publishAt} onValue={setPublishAt} error={fieldError('publishAt')} />
      <Checkbox name="published" label={t('newsEditor.publish')} checked={published} onChange={setPublished} />
      <button class="button" type="submit" disabled={busy || !title.trim() || !body.trim()}>
        {t('common.save')}
      </button>
      {post ? (
        <button class="button button--secondary" type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      ) : null}
    </form>
  );
}

function stateOf(post: Draft): string {
  if (post.status === 'draft') return t('newsEditor.draft');
  return post.public ? t('newsEditor.public') : t('newsEditor.scheduled', { time: formatDateTime(language.value, post.publishAt) });
}

export function NewsEditorPage() {
  const { data, error, reload } = useApi('GET /api/news-posts');
  const [editing, setEditing] = useState<Draft | null>(null);
  const [formKey, setFormKey] = useState(0);
  const saved = () => {
    setEditing(null);
    setFormKey((k) => k + 1);
    reload();
  };
  return (
    <div class="wide">
      <h1>{t('newsEditor.title')}</h1>
      <PostForm key={editing ? `edit-${editing.id}` : `new-${formKey}`} post={editing} onSaved={saved} onCancel={() => setEditing(null)} />
      <h2>{t('newsEditor.posts')}</h2>
      {error ? <ErrorMessage error={error} /> : !data ? <Loading /> : data.posts.length === 0 ? <p>{t('newsEditor.none')}</p> : null}
      <ul class="plain-list">
        {data?.posts.map((post) => (
          <li key={post.id} class="card">
            <h3>{post.title}</h3>
            <p>
              <span class={`badge${post.public ? ' badge--published' : ''}`}>{stateOf(post)}</span> <span class="muted">{post.unit.fullName}</span>
            </p>
            <div class="toolbar">
              <button class="button button--secondary" type="button" onClick={() => setEditing(post)}>
                {t('newsEditor.editButton')}
              </button>
              {post.public ? (
                <a class="button button--secondary" href={`/news/${post.slug}`}>
                  {t('newsEditor.view')}
                </a>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
