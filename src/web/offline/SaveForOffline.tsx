/**
 * "Lưu để học không cần mạng" on a course page: the size first, then the download with its progress, then what is
 * saved and how to remove it. Visiting the page online also brings a saved copy up to a newer published version.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Static } from 'typebox';
import type { OfflineManifest } from '../../server/saved/saved.schema.js';
import { formatNumber } from '../../shared/i18n/format.js';
import { api, ApiError } from '../api.js';
import { language, t } from '../i18n/i18n.js';
import { session } from '../session.js';
import { type DownloadProgress, NotEnoughSpace, refreshSavedCourses, removeSavedCourse, saveCourse, savedCourses } from './saved-courses.js';

type Manifest = Static<typeof OfflineManifest>;

/** "2,4 MB", "860 KB": in the reader's language. */
export function sizeLabel(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${formatNumber(language.value, bytes / 1024 / 1024, 1)} MB` : `${formatNumber(language.value, Math.max(1, Math.ceil(bytes / 1024)))} KB`;
}

export function SaveForOffline({ courseId }: { courseId: number | string }) {
  const id = Number(courseId);
  const saved = savedCourses.value[id];
  const [manifest, setManifest] = useState<Manifest | null>(null);
  const [busy, setBusy] = useState<'checking' | 'downloading' | 'removing' | null>(null);
  const [progress, setProgress] = useState<DownloadProgress | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (saved) void refreshSavedCourses();
  }, [id]);
  // Lessons are for signed-in people only: nothing to save before signing in.
  if (!session.value) return null;

  async function check() {
    setBusy('checking');
    setProblem(null);
    try {
      setManifest(await api('GET /api/courses/:id/offline-manifest', { params: { id } }));
    } catch (caught) {
      setProblem(caught instanceof ApiError ? caught.message : t('error.internal'));
    } finally {
      setBusy(null);
    }
  }

  async function download(wanted: Manifest) {
    setBusy('downloading');
    setProblem(null);
    try {
      await saveCourse(wanted, setProgress);
      setManifest(null);
    } catch (caught) {
      setProblem(caught instanceof NotEnoughSpace ? t('saved.noSpace', { needed: sizeLabel(caught.needed), free: sizeLabel(caught.free) }) : t('saved.failed'));
      setManifest(null);
    } finally {
      setBusy(null);
      setProgress(null);
    }
  }

  async function remove() {
    setBusy('removing');
    await removeSavedCourse(id);
    setBusy(null);
  }

  return (
    <div class="saved-course">
      {problem ? (
        <p class="form-error" role="alert">
          {problem}
        </p>
      ) : null}
      {busy === 'downloading' && progress ? (
        <p role="status">
          <progress max={progress.total} value={progress.done} aria-hidden="true" />{' '}
          {t('saved.downloading', { done: progress.done, total: progress.total, size: sizeLabel(progress.bytes) })}
        </p>
      ) : saved ? (
        <p role="status">
          <span class="saved-course__state">{t('saved.saved', { size: sizeLabel(saved.totalBytes), count: saved.lessons.length })}</span>{' '}
          <button type="button" class="button button--secondary" disabled={busy !== null} onClick={remove}>
            {t('saved.remove')}
          </button>
        </p>
      ) : manifest ? (
        <div role="group" aria-label={t('saved.title')}>
          <p>{t('saved.size', { size: sizeLabel(manifest.totalBytes), count: manifest.lessons.length })}</p>
          {manifest.quizzes.some((q) => q.kind === 'final') ? <p class="muted">{t('saved.finalNeedsNetwork')}</p> : null}
          <button type="button" class="button" onClick={() => download(manifest)}>
            {t('saved.download', { size: sizeLabel(manifest.totalBytes) })}
          </button>{' '}
          <button type="button" class="button button--secondary" onClick={() => setManifest(null)}>
            {t('saved.cancel')}
          </button>
        </div>
      ) : (
        <button type="button" class="button button--secondary" disabled={busy !== null} onClick={check}>
          {busy === 'checking' ? t('saved.checking') : t('saved.save')}
        </button>
      )}
    </div>
  );
}
