import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../test/databases.js';
import { buildPerson } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import { fillConsentHistory } from '../db/migrations/20261206_120000_add_consent_withdrawals_and_privacy_requests.js';

describe.each(engines)('consents kept by the migration to a consent history on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
  });
  afterAll(() => t.close());

  it('names the helper who took an assisted or door consent and calls earlier withdrawals erasures, leaving the rest as it was', async () => {
    const helper = await buildPerson(t.db, { fullName: 'Trần Văn Hỗ Trợ' });
    const person = await buildPerson(t.db);
    // Rows as the code before the migration wrote them: no given_by, no withdrawal columns.
    const base = { user_id: person.id, purpose: 'account', notice_version: '2026-11-24', given_at: 1, given_by: null, withdrawn_by: null, withdrawal_channel: null, withdrawal_evidence: null };
    const rows = [
      { ...base, channel: 'self_web', evidence: '{"userAgent":"x"}', withdrawn_at: null },
      { ...base, channel: 'assisted_sms', evidence: JSON.stringify({ helperId: helper.id, teamId: 3, codeId: 41 }), withdrawn_at: null },
      { ...base, channel: 'assisted_paper', evidence: 'not json', withdrawn_at: null },
      { ...base, channel: 'door_sms', evidence: JSON.stringify({ eventId: 1, takenBy: helper.id }), withdrawn_at: null },
      { ...base, channel: 'assisted_sms', evidence: '', withdrawn_at: 5 },
    ];
    const ids: number[] = [];
    for (const row of rows) ids.push((await t.db.insertInto('consents').values(row).returning('id').executeTakeFirstOrThrow()).id);
    await fillConsentHistory(t.db);
    const after = await t.db.selectFrom('consents').select(['id', 'channel', 'evidence', 'given_by', 'withdrawn_at', 'withdrawal_channel']).where('user_id', '=', person.id).orderBy('id').execute();
    expect(after.map((r) => [r.channel, r.given_by === null ? null : Number(r.given_by), r.withdrawal_channel])).toEqual([
      ['self_web', null, null],
      ['assisted_sms', helper.id, null],
      ['assisted_paper', null, null],
      ['door_sms', helper.id, null],
      ['assisted_sms', null, 'erasure'],
    ]);
    expect(after.map((r) => r.evidence)).toEqual(rows.map((r) => r.evidence));
  });
});
