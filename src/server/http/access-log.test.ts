/**
 * Issue 17, logs: an access line per request (request id, route pattern, status, duration, user id), the request id
 * given by the proxy or made here and sent back, and no phone, name, password, code or cookie anywhere in the log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, type Actor, signedInWith } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { nationalForm, nextPhone } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';

interface LogLine {
  reqId?: string;
  msg: string;
  method?: string;
  route?: string;
  status?: number;
  durationMs?: number;
  userId?: string | null;
  [key: string]: unknown;
}

const csv = (...rows: string[]) => Buffer.from(`\uFEFF${['Họ và tên,Số điện thoại,Năm sinh,Mã đơn vị,Nhóm,Mã xã/phường nơi ở', ...rows].join('\r\n')}\r\n`);

describe.each(engines)('access log and request ids on %s', (engine) => {
  let t: TestApp;
  let manager: Actor;
  let text = '';
  const lines = () =>
    text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LogLine);
  const accessLineOf = (reqId: string) => {
    const found = lines().filter((line) => line.reqId === reqId && line.msg === 'request');
    expect(found).toHaveLength(1);
    return found[0]!;
  };

  beforeAll(async () => {
    t = await buildTestApp(engine, {}, { logStream: { write: (line) => void (text += line) } });
    manager = await signedInWith(t, { role: 'manager', unit: '30307', fullName: 'Quản Lý Nhật Ký' });
  });
  afterAll(() => t.close());

  it('writes one line per request with the route, status, duration and user id, and nothing personal', async () => {
    const secrets: string[] = [manager.cookie!.split('=')[1]!, 'Quản Lý Nhật Ký'];
    const phones: string[] = [manager.phone!];

    // A sign-up.
    const citizen = nextPhone();
    phones.push(citizen);
    const signUp = await anonymous(t).post(`/api/auth/register?phone=${nationalForm(citizen)}`, {
      phone: nationalForm(citizen),
      password: 'mat-khau-dang-ky-bi-mat',
      fullName: 'Lâm Thị Đăng Ký',
      birthYear: 1970,
      unitCode: '30307',
      consent: true,
    });
    expect(signUp.statusCode).toBe(201);
    secrets.push('mat-khau-dang-ky-bi-mat', 'Lâm Thị Đăng Ký', signUp.cookies.find((c) => c.name === 'hoctap_session')!.value);
    const signUpLine = accessLineOf(signUp.headers['x-request-id'] as string);
    expect(signUpLine).toMatchObject({ method: 'POST', route: '/api/auth/register', status: 201, userId: null });
    expect(signUpLine.durationMs).toBeGreaterThan(0);

    // A password reset: the request, then the texted code.
    const reset = await anonymous(t).post('/api/auth/password-reset', { phone: `+84 ${citizen.slice(3, 6)} ${citizen.slice(6)}` });
    expect(reset.statusCode).toBe(202);
    await t.jobsIdle();
    const code = /\d{6}/.exec(t.outbox.at(-1)!.text)![0];
    secrets.push(code);
    expect(accessLineOf(reset.headers['x-request-id'] as string)).toMatchObject({ method: 'POST', route: '/api/auth/password-reset', status: 202, userId: null });
    const confirm = await anonymous(t).post('/api/auth/password-reset/confirm', { phone: citizen, code, newPassword: 'mat-khau-moi-bi-mat' });
    expect(confirm.statusCode).toBe(200);
    secrets.push('mat-khau-moi-bi-mat');
    expect(accessLineOf(confirm.headers['x-request-id'] as string)).toMatchObject({ route: '/api/auth/password-reset/confirm', status: 200 });

    // A members import by a signed-in manager: the line names the manager by id only.
    const imported = [nextPhone(), nextPhone()];
    phones.push(...imported);
    secrets.push('Phan Văn Nhập Tệp', 'Võ Thị Nhập Tệp');
    const file = csv(`Phan Văn Nhập Tệp,${nationalForm(imported[0]!)},1980,30307,Đoàn viên,`, `Võ Thị Nhập Tệp,84${imported[1]!.slice(3)},1985,30307,Đoàn viên,`);
    const upload = await manager.upload('/api/units/30307/members/import?mode=all', file, 'text/csv');
    expect(upload.statusCode).toBe(200);
    expect(upload.json()).toMatchObject({ written: true, created: 2 });
    const importLine = accessLineOf(upload.headers['x-request-id'] as string);
    expect(importLine).toMatchObject({ method: 'POST', route: '/api/units/:code/members/import', status: 200, userId: manager.userId });
    expect(importLine.durationMs).toBeGreaterThan(0);

    // A refused request is logged too, with its status.
    const refused = await anonymous(t).upload('/api/units/30307/members/import?mode=all', file, 'text/csv');
    expect(accessLineOf(refused.headers['x-request-id'] as string)).toMatchObject({ route: '/api/units/:code/members/import', status: 401, userId: null });

    // Nothing personal or secret, in any spelling of a phone: compare digits with separators taken out.
    expect(text).not.toMatch(/\?|mode=/);
    const compact = text.replace(/[\s.\-()]/g, '');
    for (const phone of phones) expect(compact).not.toContain(phone.slice(3));
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toContain('hoctap_session');
  });

  it('takes the proxy’s request id when it is a safe token, makes one otherwise, and sends it back', async () => {
    const given = await anonymous(t).get('/api/units/30307', { 'x-request-id': 'nginx-4f2a.9_b' });
    expect(given.headers['x-request-id']).toBe('nginx-4f2a.9_b');
    expect(accessLineOf('nginx-4f2a.9_b')).toMatchObject({ method: 'GET', route: '/api/units/:code' });

    for (const unsafe of ['with space', 'x'.repeat(65), '{"msg":"forged"}', '']) {
      const answer = await anonymous(t).get('/api/units/30307', { 'x-request-id': unsafe });
      const made = answer.headers['x-request-id'] as string;
      expect(made).toMatch(/^[0-9a-f-]{36}$/);
      accessLineOf(made);
    }
    const generated = await anonymous(t).get('/api/no-such-thing?phone=0912345678');
    expect(generated.statusCode).toBe(404);
    expect(accessLineOf(generated.headers['x-request-id'] as string)).toMatchObject({ status: 404 });
    expect(text).not.toMatch(/no-such-thing\?|0912345678/);
  });

  it('puts the request id on every line the request logs, not only the access line', async () => {
    // An unknown identity provider: the route warns through request.log, Fastify's child logger for the request.
    const answer = await anonymous(t).get('/api/auth/oidc/start?provider=no-such-provider', { 'x-request-id': 'edge-oidc-1' });
    expect(answer.statusCode).toBe(302);
    const ofRequest = lines().filter((line) => line.reqId === 'edge-oidc-1');
    expect(ofRequest.map((line) => line.msg)).toEqual(['OIDC sign-in could not start', 'request']);
    expect(ofRequest[1]).toMatchObject({ route: '/api/auth/oidc/start', status: 302 });
  });

  it('redacts cookies, authorization, bodies, phones and database error details wherever a log call puts them', () => {
    t.app.log.error(
      {
        req: { method: 'POST', url: '/api/x?phone=0912777003', headers: { cookie: 'hoctap_session=cookie-bi-mat', authorization: 'Bearer token-bi-mat' }, body: { password: 'body-bi-mat' }, query: { phone: '0912777001' } },
        res: { headers: { 'set-cookie': 'hoctap_session=set-cookie-bi-mat' } },
        err: { message: 'duplicate key', detail: 'Key (phone)=(+84912777002) already exists.' },
        body: { newPassword: 'mat-khau-body' },
      },
      'redaction check',
    );
    const line = lines().find((entry) => entry.msg === 'redaction check')!;
    expect(line).toMatchObject({ req: { method: 'POST', path: '/api/x' }, err: { message: 'duplicate key', detail: '[redacted]' } });
    expect(text).not.toMatch(/bi-mat|mat-khau-body|91277700[1-3]/);
  });
});
