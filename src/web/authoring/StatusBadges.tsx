import { t } from '../i18n/i18n.js';

export function StatusBadges({ status, publishedVersion, reviewStatus }: { status: string; publishedVersion: number | null; reviewStatus: string }) {
  return (
    <span class="badges">
      <span class={`badge badge--${status}`}>{t(`author.status.${status}` as 'author.status.draft', { version: publishedVersion ?? 0 })}</span>
      {reviewStatus !== 'none' ? <span class={`badge badge--review-${reviewStatus}`}>{t(`author.review.${reviewStatus}` as 'author.review.approved')}</span> : null}
    </span>
  );
}
