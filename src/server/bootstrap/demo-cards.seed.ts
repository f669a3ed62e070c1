/**
 * The demo's sign-in card: the demo learner holds a card printed by the demo helper, whose secret and code are
 * published like the demo password, so that a demonstration can scan or type it (README, "Sign-in cards").
 */
import type { PhoneNumber } from '../../shared/phone.js';
import { issueCard } from '../cards/cards.service.js';
import type { Db } from '../db/database.js';
import { findCredentialsByPhone } from '../users/users.service.js';

export const demoCard = { secret: 'the-demo-nguyen-thi-lan', shortCode: 'DEMO-CARD' } as const;

export async function seedDemoCards(db: Db, now: number): Promise<void> {
  const [learner, helper] = await Promise.all([findCredentialsByPhone(db, '+84900000001' as PhoneNumber), findCredentialsByPhone(db, '+84900000002' as PhoneNumber)]);
  if (!learner || !helper) return;
  await db.transaction().execute((trx) => issueCard(trx, learner.id, helper.id, now, null, { ...demoCard }));
}
