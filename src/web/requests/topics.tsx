import type { RequestStatus, RequestTopic } from '../../shared/support-requests.js';
import { t } from '../i18n/i18n.js';

/** A picture for each topic, so that a person who reads little still finds theirs. */
export const topicIcons: Record<RequestTopic, string> = {
  install_app: '📲',
  sign_in: '🔑',
  course: '📚',
  vneid: '🪪',
  public_service: '🏛️',
  scam: '⚠️',
  other: '💬',
};

export const topicLabel = (topic: RequestTopic) => `${topicIcons[topic]} ${t(`help.topic.${topic}`)}`;

export function StatusBadge({ status }: { status: RequestStatus }) {
  return <span class={`badge badge--request-${status}`}>{t(`help.status.${status}`)}</span>;
}
