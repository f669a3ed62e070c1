import { useState } from 'preact/hooks';
import { api, uploadFile } from '../api.js';
import { formatNumber } from '../../shared/i18n/format.js';
import { language, t } from '../i18n/i18n.js';
import { FormError, TextField, useSubmit } from '../ui/forms.js';
import { type CourseDraft, type MediaItem, mediaSnippet } from './types.js';

const sizeLabel = (bytes: number) => (bytes > 1024 * 1024 ? `${formatNumber(language.value, bytes / 1024 / 1024, 1)} MB` : `${formatNumber(language.value, Math.ceil(bytes / 1024))} KB`);

export function MediaLibrary({ course, reload }: { course: CourseDraft; reload(): void }) {
  const [file, setFile] = useState<File | null>(null);
  const [alt, setAlt] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [copied, setCopied] = useState<number | null>(null);
  const { busy, error, run, fieldError } = useSubmit();

  const upload = async (event: Event) => {
    event.preventDefault();
    if (!file) return;
    setDone(null);
    const media = await run(() => uploadFile('POST /api/authoring/courses/:id/media', { params: { id: course.id }, query: { name: file.name, alt } }, file));
    if (media) {
      setDone(t('author.uploaded', { name: media.name }));
      setAlt('');
      setFile(null);
      (document.getElementById('media-file') as HTMLInputElement).value = '';
      reload();
    }
  };
  const remove = async (id: number) => {
    await run(() => api('DELETE /api/authoring/media/:id', { params: { id } }));
    reload();
  };
  const copy = async (m: MediaItem) => {
    await navigator.clipboard?.writeText(mediaSnippet(m)).catch(() => {});
    setCopied(m.id);
  };

  return (
    <section>
      <form class="card" onSubmit={upload}>
        <h3>{t('author.upload')}</h3>
        <FormError error={error} />
        {done ? (
          <p class="success" role="status">
            {done}
          </p>
        ) : null}
        <div class="field">
          <label for="media-file">{t('author.uploadFile')}</label>
          <input id="media-file" type="file" accept="image/jpeg,image/png,image/webp,audio/*,video/mp4,video/webm,application/pdf" onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)} />
        </div>
        <TextField name="alt" label={t('author.uploadAlt')} hint={t('author.uploadAltHint')} value={alt} onValue={setAlt} error={fieldError('alt')} maxLength={300} />
        <button class="button" type="submit" disabled={busy || !file}>
          {busy ? t('author.uploading') : t('author.upload')}
        </button>
      </form>
      {course.media.length === 0 ? <p>{t('author.noMedia')}</p> : null}
      <ul class="media-list">
        {course.media.map((m) => (
          <li key={m.id} class="card media-item">
            {m.kind === 'image' ? <img src={`/media/${m.sha256}/w480.webp`} alt={m.alt} loading="lazy" /> : null}
            <p>
              <strong>{m.name}</strong> · {m.mime} · {sizeLabel(m.bytes)}
              {m.width ? ` · ${m.width}×${m.height}` : ''}
            </p>
            <p class="muted">
              <code>{mediaSnippet(m)}</code>
            </p>
            <button type="button" class="link-button" onClick={() => copy(m)}>
              {copied === m.id ? t('author.copied') : t('author.copy')}
            </button>{' '}
            <button type="button" class="link-button danger" onClick={() => remove(m.id)}>
              {t('author.removeMedia')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
