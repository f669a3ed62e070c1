import type { ApiError } from '../api.js';
import { t } from '../i18n/i18n.js';

export function Loading() {
  return (
    <p class="muted" role="status">
      {t('common.loading')}
    </p>
  );
}

export function ErrorMessage({ error }: { error: ApiError }) {
  return (
    <p class="form-error" role="alert">
      {error.message}
    </p>
  );
}

export function ProgressBar({ percent, label }: { percent: number; label: string }) {
  return (
    <div class="progress">
      <div class="progress__track" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label={label}>
        <div class="progress__fill" style={{ width: `${percent}%` }} />
      </div>
      <p class="progress__label">{label}</p>
    </div>
  );
}
