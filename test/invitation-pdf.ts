/**
 * Reading an invitation PDF (giấy mời) back as a person and a door scanner would: its text through pdftotext, and
 * the personal QR on its first page rendered at 150 dpi and decoded with jsQR.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import sharp from 'sharp';

function withPdfFile<T>(pdf: Buffer, use: (file: string) => Promise<T> | T): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), 'invitation-pdf-'));
  const file = path.join(dir, 'invitation.pdf');
  writeFileSync(file, pdf);
  return Promise.resolve(use(file)).finally(() => rmSync(dir, { recursive: true, force: true }));
}

/** The text of every page. */
export function invitationPdfText(pdf: Buffer): Promise<string> {
  return withPdfFile(pdf, (file) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }));
}

/** The text held by the QR of the PDF's first page (`${publicOrigin}/invite#<secret>`); throws if none is found. */
export function qrFromInvitationPdf(pdf: Buffer, page = 1): Promise<string> {
  return withPdfFile(pdf, async (file) => {
    execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', '-f', String(page), '-l', String(page), file, `${file}-page`]);
    const { data, info } = await sharp(`${file}-page.png`).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const found = jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), info.width, info.height);
    if (!found) throw new Error('no QR code found on the invitation page');
    return found.data;
  });
}
