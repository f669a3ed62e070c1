import type { Page } from 'playwright-core';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import type { EventId, InvitationId } from '../../src/shared/ids.js';
import { type Actor, signIn } from '../actors.js';
import { buildEvent, buildGroup, buildInvitation, buildVenue } from '../event-factories.js';
import { buildPerson, grant, nationalForm, testPassword } from '../factories.js';
import { qrFromInvitationPdf } from '../invitation-pdf.js';
import { phoneContext, signInOnPhone, useWebApp } from './browser.js';

/**
 * What the door phone's camera sees: the QR printed on the person's invitation (giấy mời), as the organiser downloads
 * it, decoded from the PDF and drawn again as an image (a PNG data URL).
 */
async function invitationQrImage(organiser: Actor, eventId: EventId, invitationId: InvitationId): Promise<string> {
  const pdf = await organiser.get(`/api/events/${eventId}/invitations/${invitationId}/pdf`);
  expect(pdf.statusCode).toBe(200);
  return QRCode.toDataURL(await qrFromInvitationPdf(pdf.rawPayload), { margin: 4, width: 360 });
}

/** Gives the page a camera that films the image: a canvas redrawn a few times a second, as a video stream. */
async function pointCameraAt(page: Page, imageUrl: string): Promise<void> {
  await page.addInitScript((src: string) => {
    navigator.mediaDevices.getUserMedia = async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 480;
      canvas.height = 480;
      const context = canvas.getContext('2d')!;
      const image = new Image();
      image.src = src;
      await image.decode();
      const draw = () => {
        context.fillStyle = '#fff';
        context.fillRect(0, 0, canvas.width, canvas.height);
        context.drawImage(image, 60, 60);
      };
      draw();
      setInterval(draw, 100);
      return canvas.captureStream(10);
    };
  }, imageUrl);
}

describe('checking people in at the door on a phone', () => {
  const web = useWebApp();

  it('downloads the list, scans an invitation QR offline (green), and the server counts the check-in once when back online', async () => {
    const { t } = web;
    const organiser = await buildPerson(t.db, { fullName: 'Huỳnh Quốc Bảo' });
    await grant(t.db, organiser.id, 'organiser', '30307');
    const eventId = await buildEvent(t.db, { unitCode: '30307', createdBy: organiser.id, title: 'Lễ phát động Bình dân học vụ số' });
    const hall = await buildVenue(t.db, { eventId, name: 'Hội trường UBND tỉnh' });
    await buildVenue(t.db, { eventId, name: 'Điểm cầu phường Long Xuyên', kind: 'bridge' });
    const group = await buildGroup(t.db, { eventId, name: 'Thành viên Ban Chỉ đạo', quotas: [{ venueId: hall, quota: 40 }] });
    const guest = await buildPerson(t.db, { fullName: 'Trần Thị Thu' });
    const invitation = await buildInvitation(t.db, { eventId, venueId: hall, groupId: group, userId: guest.id, invitedBy: organiser.id });

    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    // Slow 3G, as at a crowded hall's door.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: (400 * 1024) / 8, uploadThroughput: (400 * 1024) / 8 });
    context.setDefaultTimeout(20_000);
    const printed = await invitationQrImage(await signIn(t, organiser.phone), eventId, invitation.id);
    await pointCameraAt(page, printed);
    await signInOnPhone(page, web.url, nationalForm(organiser.phone), testPassword);
    await page.goto(`${web.url}/organise/events/${eventId}/scan`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 20_000 }).toBe('Điểm danh tại cửa');
    await page.getByRole('button', { name: 'Hội trường UBND tỉnh' }).click();
    await page.getByText('Danh sách đã tải về máy: 1 người').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await context.setOffline(true);
    await page.getByRole('button', { name: 'Mở camera để quét thẻ' }).click();
    const verdict = page.locator('.verdict');
    await verdict.waitFor();
    expect(await verdict.getAttribute('class')).toContain('verdict--green');
    expect(await verdict.textContent()).toContain('Mời vào');
    expect(await verdict.textContent()).toContain('Trần Thị Thu');
    await page.getByRole('button', { name: 'Tắt camera' }).click();
    await page.getByText(/Chờ gửi lên máy chủ: \d+/).waitFor();
    expect(await t.db.selectFrom('event_checkins').select('id').execute()).toEqual([]);
    const box = await page.getByRole('button', { name: 'Tải lại danh sách' }).boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);

    await context.setOffline(false);
    await page.getByText('Đã gửi hết lên máy chủ.').waitFor();
    const rows = await t.db.selectFrom('event_checkins').select(['invitation_id', 'venue_id', 'result', 'method']).execute();
    expect(rows.filter((r) => r.result === 'checked_in')).toEqual([{ invitation_id: invitation.id, venue_id: hall, result: 'checked_in', method: 'qr' }]);
    // The attendance page shows the count.
    await page.goto(`${web.url}/organise/events/${eventId}/attendance`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 20_000 }).toBe('Điểm danh trực tiếp');
    await expect.poll(() => page.locator('.big-number').textContent()).toMatch(/Đã điểm danh: 1\s*\/\s*40/);
    await context.close();
  }, 120_000);
});
