/** `hoctap unit …` as an operator runs it: a real process on a real database. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, engines } from '../../../test/databases.js';
import { runCli } from '../../../test/server-process.js';
import { connectDatabase } from '../db/connect.js';

const run = (args: string[], env: Record<string, string>) => runCli(['unit', ...args], env);

describe.each(engines)('hoctap unit on %s', (engine) => {
  it('creates, renames, moves, lists, imports and retires units, and explains what it refuses', { timeout: 120_000 }, async () => {
    const { handle, env } = await createTestDatabase(engine);
    await handle.close();

    const dept = await run(['create', '--parent', '91', '--kind', 'department', '--name', 'Sở Giáo dục và Đào tạo', '--code', 'ORG.SGDDT'], env);
    expect(dept.stderr).toBe('');
    expect(dept.stdout).toContain('Đã tạo Sở Giáo dục và Đào tạo (ORG.SGDDT) trực thuộc 91.');
    const school = await run(['create', '--parent', '91', '--kind', 'school', '--name', 'Trường THPT Long Xuyên'], env);
    expect(school.stdout).toContain('(ORG.1)');
    expect((await run(['rename', '--code', 'ORG.1', '--name', 'Trường THPT Long Xuyên A'], env)).stdout).toContain('Đã đổi tên ORG.1 thành Trường THPT Long Xuyên A.');
    expect((await run(['move', '--code', 'ORG.1', '--parent', 'ORG.SGDDT'], env)).stdout).toContain('Đã chuyển Trường THPT Long Xuyên A (ORG.1) về ORG.SGDDT.');

    const loop = await run(['move', '--code', 'ORG.SGDDT', '--parent', 'ORG.1'], env);
    expect(loop.code).toBe(1);
    expect(loop.stderr).toContain('Không thể chuyển Sở Giáo dục và Đào tạo vào bên dưới chính nó');
    const kind = await run(['create', '--parent', '91', '--kind', 'planet', '--name', 'Đơn vị Lạ'], env);
    expect(kind.code).toBe(1);
    expect(kind.stderr).toContain('Loại đơn vị «planet» không có trong danh sách');
    expect(kind.stderr).not.toMatch(/\n\s+at /);
    expect((await run(['create', '--parent', '91', '--kind', 'school'], env)).code).toBe(2);

    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'hoctap-units-')), 'don-vi.csv');
    writeFileSync(file, ['Mã,Tên đơn vị,Loại,Mã đơn vị cấp trên', 'ORG.VNPT,VNPT An Giang,Doanh nghiệp,', 'ORG.VNPT.LX,Phòng Bán hàng Long Xuyên,Đơn vị khác,ORG.VNPT', 'ORG.X,Đơn vị Lạ,hành tinh,'].join('\n'));
    const dry = await run(['import', file], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Dòng 4, Loại: Loại đơn vị «hành tinh»');
    expect(dry.stdout).toContain('Đã kiểm tra, chưa ghi gì: 2/3 dòng hợp lệ.');
    const refused = await run(['import', '--write', file], env);
    expect(refused.code).toBe(1);
    const written = await run(['import', '--write-valid', file], env);
    expect(written.stdout).toContain('Đã tạo 2 đơn vị từ 3 dòng.');

    const retired = await run(['retire', '--code', 'ORG.VNPT'], env);
    expect(retired.stdout).toMatch(/Đã giải thể VNPT An Giang \(ORG\.VNPT\) từ ngày \d\d\/\d\d\/\d{4}/);
    const listed = await run(['list'], env);
    expect(listed.stdout).toContain('  ORG.SGDDT\tSở Giáo dục và Đào tạo (Sở, ban, ngành)');
    expect(listed.stdout).toContain('    ORG.1\tTrường THPT Long Xuyên A (Trường học)');
    expect(listed.stdout).not.toContain('ORG.VNPT');
    expect((await run(['list', '--historical'], env)).stdout).toContain('ORG.VNPT.LX\tPhòng Bán hàng Long Xuyên (Đơn vị khác) — đã giải thể');

    const check = connectDatabase({ databaseUrl: env.DATABASE_URL ?? null, sqlitePath: path.join(env.DATA_DIR ?? '', 'hoctap.sqlite'), poolSize: 1 });
    const history = await check.db.selectFrom('unit_changes').select(['action', 'actor_user_id']).execute();
    expect(history.filter((h) => h.action === 'create')).toHaveLength(4);
    expect(history.every((h) => h.actor_user_id === null)).toBe(true);
    expect((await check.db.selectFrom('audit_log').select('action').where('action', '=', 'unit.import').execute())).toHaveLength(1);
    await check.close();
  });
});
