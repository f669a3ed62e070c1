import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { formatDateTime } from '../../shared/i18n/format.js';
import { language, t } from '../i18n/i18n.js';
import { FormError, TextField, useSubmit } from '../ui/forms.js';
import type { CourseDraft } from './types.js';

export function ReviewPanel({ course, reload }: { course: CourseDraft; reload(): void }) {
  const [message, setMessage] = useState('');
  const [note, setNote] = useState('');
  const { busy, error, run } = useSubmit();
  const params = { id: course.id };
  const act = async (send: () => Promise<unknown>) => {
    const ok = await run(async () => {
      await send();
      return true;
    });
    if (ok) {
      setMessage('');
      setNote('');
      reload();
    }
  };
  const status = course.reviewStatus === 'none' ? t('author.reviewNone') : t(`author.review.${course.reviewStatus}` as 'author.review.approved');
  return (
    <section>
      <p>
        <strong>{t('author.reviewStatus', { status })}</strong>
      </p>
      <FormError error={error} />
      <div class="card">
        <TextField name="message" label={t('author.reviewMessage')} value={message} onValue={setMessage} maxLength={2000} />
        <button type="button" class="button" disabled={busy} onClick={() => act(() => api('POST /api/authoring/courses/:id/review', { params, body: { message } }))}>
          {t('author.requestReview')}
        </button>
        {course.reviewStatus === 'in_review' ? (
          <>
            <button type="button" class="button button--secondary" disabled={busy} onClick={() => act(() => api('POST /api/authoring/courses/:id/review/decision', { params, body: { decision: 'approved', message } }))}>
              {t('author.approve')}
            </button>
            <button type="button" class="button button--secondary" disabled={busy} onClick={() => act(() => api('POST /api/authoring/courses/:id/review/decision', { params, body: { decision: 'changes_requested', message } }))}>
              {t('author.requestChanges')}
            </button>
          </>
        ) : null}
      </div>
      <ol class="comments">
        {course.comments.map((c) => (
          <li key={c.id} class="card">
            <p class="muted">
              {t('author.commentLine', {
                who: c.author?.fullName ?? '—',
                kind: t(`author.comment.${c.kind}` as 'author.comment.comment'),
                time: formatDateTime(language.value, c.createdAt),
                revision: c.draftRevision,
              })}
            </p>
            {c.body ? <p>{c.body}</p> : null}
          </li>
        ))}
      </ol>
      <div class="card">
        <TextField name="comment" label={t('author.comment')} value={note} onValue={setNote} maxLength={4000} />
        <button type="button" class="button button--secondary" disabled={busy || !note.trim()} onClick={() => act(() => api('POST /api/authoring/courses/:id/review/comments', { params, body: { body: note } }))}>
          {t('author.addComment')}
        </button>
      </div>
    </section>
  );
}
