/**
 * Issue 12's whole journey, as a citizen meets it: the platform inside the super-app's page (an iframe on an
 * allowed origin), a deep link to a lesson, sign-in through the provider's real login page, the lesson marked
 * done, and the province's system told by a signed webhook that the course is complete.
 *
 * Sites as in production: the embedding page and its identity provider share a site (localhost here, like
 * smartangiang.vn and id.smartangiang.vn); the platform is another site (127.0.0.1), so its cookies in the
 * frame are third-party and must be SameSite=None, Secure, Partitioned.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LessonId } from '../../src/shared/ids.js';
import { signIn } from '../actors.js';
import { buildCourse, buildPerson, grant, nextPhone } from '../factories.js';
import { providerEnv, startTestProvider, type TestProvider } from '../oidc-provider.js';
import { freePort } from '../server-process.js';
import { buildTestApp, type TestApp } from '../test-app.js';
import { startWebhookReceiver, type WebhookReceiver } from '../webhook-receiver.js';
import { launchChromium, phoneContext } from './browser.js';

async function superAppPage(frameSrc: () => string): Promise<{ server: Server; origin: string }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(
      '<!doctype html><html><head><meta name="viewport" content="width=device-width"><title>SmartAnGiang</title>' +
        '<style>body{margin:0}iframe{border:0;width:100vw;height:100vh;display:block}</style></head>' +
        `<body><iframe title="Học tập suốt đời" src="${frameSrc()}"></iframe></body></html>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://localhost:${(server.address() as AddressInfo).port}` };
}

const appFrame = async (page: Page): Promise<Frame> => {
  await expect.poll(() => page.frames().length).toBe(2);
  return page.frames()[1]!;
};

describe('inside SmartAnGiang: embedded, signed in by the provider, a deep link, and a signed webhook, at 360×640', () => {
  let provider: TestProvider;
  let receiver: WebhookReceiver;
  let superApp: { server: Server; origin: string };
  let t: TestApp;
  let url: string;
  let browser: Browser;
  let lessonId: LessonId;
  let courseId: number;
  const phone = nextPhone();

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    receiver = await startWebhookReceiver();
    superApp = await superAppPage(() => `${url}/lessons/${lessonId}?embed=1`);
    provider = await startTestProvider({
      issuerHost: 'localhost',
      framable: true,
      people: [{ sub: 'sag-citizen-1', name: 'Trần Văn Nhúng', phone, phoneVerified: true }],
      redirectUris: [`${url}/api/auth/oidc/callback`],
      postLogoutRedirectUris: [`${url}/`],
    });
    const webRoot = path.join(import.meta.dirname, '..', '..', 'dist', 'web');
    t = await buildTestApp(
      'sqlite',
      {
        WEB_ROOT: webRoot,
        HOST: '127.0.0.1',
        PORT: String(port),
        EMBED_ALLOWED_ORIGINS: superApp.origin,
        WEBHOOK_ALLOWED_HOSTS: 'hooks.smartangiang.test',
        WEBHOOK_ALLOW_HTTP: '1',
        ...providerEnv(provider),
      },
      {
        outboundNetwork: {
          resolve: async (host) => (host === 'hooks.smartangiang.test' ? ['127.0.0.1'] : []),
          permit: (host, address, port) => host === 'hooks.smartangiang.test' && address === '127.0.0.1' && port === receiver.port,
        },
      },
    );
    t.clock.current = Date.now();
    const course = await buildCourse(t.db, { title: 'Cài đặt SmartAnGiang', modules: [['Tải ứng dụng về điện thoại']] });
    courseId = course.id;
    lessonId = course.lessonIds[0]!;
    // The citizen already has an account with this phone: the provider's verified phone links to it.
    await buildPerson(t.db, { phone, fullName: 'Trần Văn Nhúng', unitCode: '30307' });
    const admin = await buildPerson(t.db, { unitCode: '91', fullName: 'Quản Trị Tỉnh' });
    await grant(t.db, admin.id, 'admin', '91');
    const registered = await (await signIn(t, admin.phone)).post('/api/units/91/webhooks', {
      url: `http://hooks.smartangiang.test:${receiver.port}/hoctap`,
      events: ['course.completed'],
      description: 'SmartAnGiang',
    });
    expect(registered.statusCode).toBe(201);
    receiver.secret = registered.json().secret;
    await t.app.listen({ host: '127.0.0.1', port });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await provider?.close();
    await receiver?.close();
    superApp?.server.close();
  });

  it('follows the deep link through the provider’s login inside the frame, marks the lesson done, and the webhook says the course is complete', async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(superApp.origin);
    const frame = await appFrame(page);

    // Signed out, the deep link asks for sign-in and remembers where it was going; the platform's own header is hidden.
    await expect.poll(() => new URL(frame.url()).pathname).toBe('/signin');
    expect(new URL(frame.url()).searchParams.get('next')).toBe(`/lessons/${lessonId}?embed=1`);
    expect(await frame.locator('.site-header, .main-nav').count()).toBe(0);
    const button = frame.getByRole('button', { name: 'Đăng nhập bằng SmartAnGiang' });
    await button.waitFor();
    expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await button.click();

    // The provider's real pages, inside the same frame.
    await expect.poll(() => frame.url()).toContain(provider.issuer);
    await frame.locator('input[name="login"]').fill('sag-citizen-1');
    await frame.locator('input[name="password"]').fill('mat-khau-o-nha-cung-cap');
    await frame.getByRole('button', { name: 'Sign-in' }).click();
    await frame.getByRole('button', { name: 'Continue' }).click();

    // Back on the lesson the link named, signed in as the existing account, still in embed mode.
    await expect.poll(() => new URL(frame.url()).pathname).toBe(`/lessons/${lessonId}`);
    await expect.poll(() => frame.getByRole('heading', { level: 1 }).textContent()).toBe('Tải ứng dụng về điện thoại');
    expect(await frame.locator('.site-header, .main-nav').count()).toBe(0);
    expect(page.url()).toBe(`${superApp.origin}/`);
    const linked = await t.db.selectFrom('oidc_identities').innerJoin('users', 'users.id', 'oidc_identities.user_id').select(['users.phone', 'oidc_identities.subject']).execute();
    expect(linked).toEqual([{ phone, subject: 'sag-citizen-1' }]);

    await frame.getByRole('button', { name: 'Tôi đã học xong bài này' }).click();
    await expect.poll(() => receiver.accepted().map((d) => d.type), { timeout: 20_000 }).toEqual(['course.completed']);
    const delivery = receiver.accepted()[0]!;
    const learnerId = (await t.db.selectFrom('users').select('id').where('phone', '=', phone).executeTakeFirstOrThrow()).id;
    expect(delivery.data).toEqual({ learnerId, unitCode: '30307', course: { id: courseId, title: 'Cài đặt SmartAnGiang' } });
    // Every delivery the receiver saw carried a valid Standard Webhooks signature; none carries the phone number.
    expect(receiver.received.every((d) => d.verified)).toBe(true);
    expect(receiver.received.map((d) => d.body).join('')).not.toContain(phone.slice(-9));
    await context.close();
  });
});
