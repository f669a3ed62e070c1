/**
 * Loads the real administrative units of An Giang: the province after the
 * 1 July 2025 reform, its 102 communes, wards and special zones, and the
 * pre-reform districts and communes as historical nodes (with which new units
 * they went to), so that figures from before the reform still add up.
 * Source and licences: reference/PROVENANCE.md.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { UnitId } from '../../shared/ids.js';
import { foldForSearch } from '../../shared/text.js';
import { parseCsvRecords } from '../csv.js';
import type { DbOrTx, Tx } from '../db/database.js';
import type { UnitKind } from './units.table.js';

const referenceDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../reference/an-giang');
const reformEve = '2025-06-30';
export const provinceCode = '91';

interface ReferenceUnit {
  code: string;
  full_name: string;
  name: string;
  type_en: 'commune' | 'ward' | 'special zone';
  nso_list_order: number;
}

export interface NewUnit {
  code: string;
  kind: UnitKind;
  name: string;
  fullName: string;
  sortOrder?: number;
  validUntil?: string | null;
}

/** Inserts children under one parent and gives each its path; returns their ids by code. */
export async function insertChildUnits(trx: DbOrTx, parent: { id: UnitId; path: string; depth: number }, units: readonly NewUnit[], now: number): Promise<Map<string, UnitId>> {
  const ids = new Map<string, UnitId>();
  // Batches keep each statement under SQLite's bound-parameter limit.
  for (let start = 0; start < units.length; start += 200) {
    const rows = await trx
      .insertInto('units')
      .values(
        units.slice(start, start + 200).map((u, i) => ({
          code: u.code,
          kind: u.kind,
          name: u.name,
          full_name: u.fullName,
          name_search: foldForSearch(u.name),
          full_name_search: foldForSearch(u.fullName),
          parent_id: parent.id,
          path: '',
          depth: parent.depth + 1,
          sort_order: u.sortOrder ?? start + i,
          valid_until: u.validUntil ?? null,
          created_at: now,
        })),
      )
      .returning(['id', 'code'])
      .execute();
    for (const row of rows) ids.set(row.code, row.id);
  }
  await trx
    .updateTable('units')
    .set({ path: sql<string>`cast(${parent.path} as text) || cast(id as text) || '/'` })
    .where('parent_id', '=', parent.id)
    .where('path', '=', '')
    .execute();
  return ids;
}

function readReference(file: string): string {
  return readFileSync(path.join(referenceDir, file), 'utf8').normalize('NFC');
}

const kindOfType: Record<ReferenceUnit['type_en'], UnitKind> = { commune: 'commune', ward: 'ward', 'special zone': 'special_zone' };

export async function loadAnGiangUnits(trx: Tx, now: number): Promise<void> {
  const province = await trx
    .insertInto('units')
    .values({
      code: provinceCode,
      kind: 'province',
      name: 'An Giang',
      full_name: 'Tỉnh An Giang',
      name_search: foldForSearch('An Giang'),
      full_name_search: foldForSearch('Tỉnh An Giang'),
      parent_id: null,
      path: '',
      depth: 0,
      sort_order: 0,
      valid_until: null,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const root = { id: province.id, path: `/${province.id}/`, depth: 0 };
  await trx.updateTable('units').set({ path: root.path }).where('id', '=', root.id).execute();

  const current = (JSON.parse(readReference('an_giang_2025_units.json')) as { units: ReferenceUnit[] }).units;
  const currentIds = await insertChildUnits(
    trx,
    root,
    current.map((u) => ({ code: u.code, kind: kindOfType[u.type_en], name: u.name, fullName: u.full_name, sortOrder: u.nso_list_order })),
    now,
  );

  const districts = parseCsvRecords(readReference('an_giang_kien_giang_pre2025_districts.csv'));
  const districtIds = await insertChildUnits(
    trx,
    root,
    districts.map((d, i) => ({
      code: `OLD.${d.old_district_code}`,
      kind: 'old_district',
      name: d.old_district!,
      fullName: `${d.old_district}, ${d.old_province} (trước 01/7/2025)`,
      sortOrder: 10_000 + i,
      validUntil: reformEve,
    })),
    now,
  );

  const oldCommunes = parseCsvRecords(readReference('an_giang_kien_giang_pre2025_units.csv'));
  const byDistrict = new Map<string, Record<string, string>[]>();
  for (const c of oldCommunes) byDistrict.set(c.old_district_code!, [...(byDistrict.get(c.old_district_code!) ?? []), c]);
  for (const [districtCode, communes] of byDistrict) {
    const districtId = districtIds.get(`OLD.${districtCode}`)!;
    const oldIds = await insertChildUnits(
      trx,
      { id: districtId, path: `${root.path}${districtId}/`, depth: 1 },
      communes.map((c, i) => ({
        code: `OLD.${c.old_code}`,
        kind: 'old_commune',
        name: c.old_name!,
        fullName: `${c.old_name}, ${c.old_district}, ${c.old_province} (trước 01/7/2025)`,
        sortOrder: i,
        validUntil: reformEve,
      })),
      now,
    );
    const successions = communes.flatMap((c) =>
      c.new_codes!.split(';').map((code) => ({ old_unit_id: oldIds.get(`OLD.${c.old_code}`)!, new_unit_id: currentIds.get(code.trim())! })),
    );
    await trx.insertInto('unit_successions').values(successions).execute();
  }
}
