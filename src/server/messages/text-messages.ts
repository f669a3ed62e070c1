/**
 * Text messages go out through the job queue, after the answer has left: the
 * time an SMS gateway takes must not tell anyone whether a number has an account.
 */
import { randomInt } from 'node:crypto';
import type { UserId } from '../../shared/ids.js';
import { type MessageKey, type MessageParams, translate } from '../../shared/i18n/translate.js';
import { type Language, limits } from '../../shared/limits.js';
import type { PhoneNumber } from '../../shared/phone.js';
import type { DbOrTx } from '../db/database.js';
import { enqueueJob } from '../jobs/jobs.queries.js';
import type { JobHandler } from '../jobs/jobs.service.js';
import type { MessageSender } from './sender.js';

export const textMessageJob = 'text_message';

/** A one-time code of `limits.oneTimeCodeLength` digits to text to someone. */
export const newOneTimeCode = (): string => String(randomInt(0, 10 ** limits.oneTimeCodeLength)).padStart(limits.oneTimeCodeLength, '0');

type TextKey = Extract<MessageKey, `sms.${string}`>;

interface TextMessagePayload {
  to: PhoneNumber;
  language: Language;
  key: TextKey;
  params: MessageParams;
}

/** Queues a text inside the caller's transaction; kick the job runner once it has committed. */
export async function enqueueTextMessage(
  db: DbOrTx,
  message: TextMessagePayload & { userId: UserId | null; now: number },
): Promise<void> {
  const payload: TextMessagePayload = { to: message.to, language: message.language, key: message.key, params: message.params };
  await enqueueJob(db, { kind: textMessageJob, payload, userId: message.userId, now: message.now });
}

export function textMessageHandler(sender: MessageSender): JobHandler {
  return async (payload) => {
    const message = payload as TextMessagePayload;
    await sender.send({ to: message.to, text: translate(message.language, message.key, message.params) });
  };
}
