import type { UnitId } from '../../shared/ids.js';
import type { DbOrTx } from '../db/database.js';

export async function findIssuerSettings(db: DbOrTx, unitId: UnitId) {
  return db.selectFrom('units').select(['certificate_issuer', 'certificate_signatory_name', 'certificate_signatory_title']).where('id', '=', unitId).executeTakeFirstOrThrow();
}

export async function updateIssuerSettings(db: DbOrTx, unitId: UnitId, settings: { issuer: string; signatoryName: string; signatoryTitle: string }): Promise<void> {
  await db
    .updateTable('units')
    .set({ certificate_issuer: settings.issuer, certificate_signatory_name: settings.signatoryName, certificate_signatory_title: settings.signatoryTitle })
    .where('id', '=', unitId)
    .execute();
}
