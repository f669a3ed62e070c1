import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';

describe.each(engines)('the unit tree on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
  });
  afterAll(() => t.close());

  const search = async (query: string) => (await anonymous(t).get(`/api/units?${query}`)).json();

  it('holds the 102 units of An Giang since 1 July 2025 and the 26 districts and 298 communes before it', async () => {
    const kinds = await t.db.selectFrom('units').select(['kind', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('kind').execute();
    const count = Object.fromEntries(kinds.map((k) => [k.kind, Number(k.n)]));
    expect(count).toEqual({ province: 1, commune: 85, ward: 14, special_zone: 3, old_district: 26, old_commune: 298 });
    const current = await t.db.selectFrom('units').select('code').where('kind', 'in', ['commune', 'ward', 'special_zone']).where('valid_until', 'is', null).execute();
    expect(current).toHaveLength(102);
  });

  it.each(['long xuyen', 'Long Xuyên', 'LONG XUYEN', 'long xuyên', 'Long Xuye\u0302n'])('finds Phường Long Xuyên first for "%s"', async (q) => {
    const { units } = await search(`q=${encodeURIComponent(q)}&kind=commune,ward,special_zone`);
    expect(units[0]).toMatchObject({ code: '30307', fullName: 'Phường Long Xuyên', kind: 'ward', validUntil: null });
  });

  it('folds đ to d', async () => {
    const { units } = await search('q=binh%20duc');
    expect(units.map((u: { code: string }) => u.code)).toContain('30292');
    const { units: accented } = await search(`q=${encodeURIComponent('Bình Đức')}`);
    expect(accented[0].code).toBe('30292');
  });

  it('matches both tone-mark placements, Hòa and Hoà', async () => {
    const a = await search(`q=${encodeURIComponent('Mỹ Hòa Hưng')}`);
    const b = await search(`q=${encodeURIComponent('Mỹ Hoà Hưng')}`);
    expect(a.units[0].code).toBe('30313');
    expect(b.units[0].code).toBe('30313');
  });

  it('leaves dissolved units out unless asked, and then finds old spellings', async () => {
    const current = await search('q=long%20xuyen&kind=old_district');
    expect(current.units).toEqual([]);
    const historical = await search('q=long%20xuyen&kind=old_district&historical=true');
    expect(historical.units[0]).toMatchObject({ code: 'OLD.883', kind: 'old_district', validUntil: '2025-06-30' });
    const vinhNguon = await search(`q=${encodeURIComponent('Vĩnh Ngươn')}&historical=true`);
    expect(vinhNguon.units.length).toBeGreaterThan(0);
  });

  it('names the current units a split pre-reform commune went to', async () => {
    const response = await anonymous(t).get('/api/units/OLD.30334');
    expect(response.statusCode).toBe(200);
    expect(response.json().successors.map((u: { code: string }) => u.code).sort()).toEqual(['30316', '30325']);
  });

  describe('by the names people knew before the 2025 reform', () => {
    type Found = { code: string; fullName: string; validUntil: string | null; formerly?: { name: string; kind: string } };
    const find = async (q: string): Promise<Found[]> => (await search(`q=${encodeURIComponent(q)}&kind=commune,ward,special_zone&former=true&limit=10`)).units;
    // The five communes that took over the former Huyện Tri Tôn (reference/an-giang, NQ 1654/NQ-UBTVQH15).
    const triTonSuccessors = ['Xã Tri Tôn', 'Xã Ba Chúc', 'Xã Vĩnh Gia', 'Xã Ô Lâm', 'Xã Cô Tô'];

    it.each(['tri ton', 'Tri Tôn'])('"%s" gives the current Xã Tri Tôn first, then the communes of the former district', async (q) => {
      const units = await find(q);
      expect(units[0]).toMatchObject({ code: '30544', fullName: 'Xã Tri Tôn', validUntil: null });
      expect(units[0]!.formerly).toBeUndefined();
      expect(units.map((u) => u.fullName).sort()).toEqual([...triTonSuccessors].sort());
      for (const unit of units.slice(1)) expect(unit.formerly).toMatchObject({ name: 'Huyện Tri Tôn', kind: 'old_district' });
    });

    it('"huyen tri ton" lists only the communes that took over the district', async () => {
      const units = await find('huyen tri ton');
      expect(units.map((u) => u.fullName).sort()).toEqual([...triTonSuccessors].sort());
      expect(units.every((u) => u.formerly?.name === 'Huyện Tri Tôn' && u.validUntil === null)).toBe(true);
    });

    it.each([
      ['chau lang', 'Xã Châu Lăng', 'Xã Tri Tôn'],
      ['Núi Tô', 'Xã Núi Tô', 'Xã Tri Tôn'],
      ['le tri', 'Xã Lê Trì', 'Xã Ba Chúc'],
      ['lac quoi', 'Xã Lạc Quới', 'Xã Ba Chúc'],
      ['luong an tra', 'Xã Lương An Trà', 'Xã Vĩnh Gia'],
      ['ta danh', 'Xã Tà Đảnh', 'Xã Cô Tô'],
      ['tan tuyen', 'Xã Tân Tuyến', 'Xã Cô Tô'],
      ['an tuc', 'Xã An Tức', 'Xã Ô Lâm'],
      ['luong phi', 'Xã Lương Phi', 'Xã Ô Lâm'],
    ])('"%s" (the former %s) offers %s', async (q, former, current) => {
      const units = await find(q);
      expect(units[0]).toMatchObject({ fullName: current, validUntil: null, formerly: { name: former, kind: 'old_commune' } });
    });

    it('puts a current name before a former one that matches as well', async () => {
      // Xã Ba Chúc today, and before the reform Thị trấn Ba Chúc: one answer, as the current commune.
      const units = await find('ba chuc');
      expect(units.filter((u) => u.code === '30547')).toHaveLength(1);
      expect(units[0]).toMatchObject({ code: '30547' });
      expect(units[0]!.formerly).toBeUndefined();
    });

    it('answers current units only, and nothing more without the flag', async () => {
      const units = await find('vinh phuoc');
      expect(units.length).toBeGreaterThan(0);
      expect(units.every((u) => u.validUntil === null)).toBe(true);
      const plain = (await search('q=chau%20lang&kind=commune,ward,special_zone')).units;
      expect(plain).toEqual([]);
    });
  });

  it('lists the children of the province', async () => {
    const { units } = (await anonymous(t).get('/api/units/91/children')).json();
    expect(units.filter((u: { kind: string }) => ['commune', 'ward', 'special_zone'].includes(u.kind))).toHaveLength(102);
  });

  it('treats search text literally: wildcards, quotes and SQL find nothing and break nothing', async () => {
    for (const q of ['%', '_', "' or 1=1 --", '<script>alert(1)</script>', '\\']) {
      for (const former of ['', '&former=true']) {
        const response = await anonymous(t).get(`/api/units?q=${encodeURIComponent(q)}${former}`);
        expect(response.statusCode).toBe(200);
        expect(response.json().units).toEqual([]);
      }
    }
  });

  it('answers 400 for an unknown kind and 404 for an unknown code, in the request language', async () => {
    const badKind = await anonymous(t).get('/api/units?kind=planet');
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().error.fields.kind).toBe('Loại đơn vị không hợp lệ.');
    const missing = await anonymous(t).get('/api/units/00000', { 'accept-language': 'en-US,en;q=0.9' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toEqual({ code: 'unit_not_found', message: 'This unit does not exist.' });
  });
});
