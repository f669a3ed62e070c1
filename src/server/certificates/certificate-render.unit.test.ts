import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { renderCertificateImage, renderCertificatePdf, type CertificateFace } from './certificate-render.js';
import { createCertificateRenderer } from './certificate-renderer.js';

const workDir = mkdtempSync(path.join(os.tmpdir(), 'hoctap-certificate-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

// A signed verification link is long: the code plus a base64url payload after '#'.
const payload = Buffer.from(JSON.stringify({ c: 'HT-7K3Q-9XW2-M4PD', n: 'Nguyễn Thị Hồng Nhung', k: 'kỹ năng số', s: 'x'.repeat(120) })).toString('base64url');
const verifyUrl = `https://hoctap.angiang.gov.vn/verify/HT-7K3Q-9XW2-M4PD#${payload}`.slice(0, 300);

function buildFace(overrides: Partial<CertificateFace> = {}): CertificateFace {
  return {
    learnerName: 'Nguyễn Thị Hồng Nhung',
    courseTitle: 'Kỹ năng số cơ bản: sử dụng dịch vụ công trực tuyến',
    competences: [
      { code: '1.1', name: 'Duyệt, tìm kiếm và lọc dữ liệu' },
      { code: '2.1', name: 'Tương tác thông qua công nghệ số' },
      { code: '4.2', name: 'Bảo vệ dữ liệu cá nhân và quyền riêng tư' },
    ],
    issuedOn: '24/11/2026',
    issuerName: 'Sở Giáo dục và Đào tạo tỉnh An Giang',
    signatoryName: 'Nguyễn Văn A',
    signatoryTitle: 'Giám đốc',
    code: 'HT-7K3Q-9XW2-M4PD',
    verifyUrl,
    labels: {
      heading: 'CHỨNG NHẬN',
      certifies: 'Chứng nhận Ông/Bà',
      completed: 'đã hoàn thành khóa học',
      competences: 'Năng lực số đạt được',
      issuedOn: 'Ngày cấp',
      code: 'Mã chứng nhận',
      scanToVerify: 'Quét mã để kiểm tra',
      platform: 'Học tập suốt đời — Bình dân học vụ số',
    },
    ...overrides,
  };
}

const longest = buildFace({
  learnerName: 'Công Tằng Tôn Nữ Thị Hồng Nhung '.repeat(7).slice(0, 200),
  courseTitle: 'Ứng dụng trí tuệ nhân tạo trong sản xuất nông nghiệp và thương mại điện tử '.repeat(3).slice(0, 200),
  competences: Array.from({ length: 10 }, (_, index) => ({ code: `${index + 1}.1`, name: 'Giải quyết vấn đề kỹ thuật khi sử dụng thiết bị số và dịch vụ trực tuyến' })),
  verifyUrl: `https://hoctap.angiang.gov.vn/verify/HT-7K3Q-9XW2-M4PD#${'a1B2-c3D4_'.repeat(70)}`.slice(0, 700),
});

let fileCount = 0;
function saved(bytes: Buffer, extension: string): string {
  const file = path.join(workDir, `${++fileCount}.${extension}`);
  writeFileSync(file, bytes);
  return file;
}

const poppler = (tool: string, ...args: string[]) => execFileSync(tool, args, { encoding: 'utf8' });
const textOf = (pdf: Buffer) => poppler('pdftotext', saved(pdf, 'pdf'), '-');

async function decodeQr(png: Buffer): Promise<string | undefined> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), info.width, info.height)?.data;
}

async function decodePdfQr(pdf: Buffer): Promise<string | undefined> {
  const prefix = path.join(workDir, `page-${++fileCount}`);
  poppler('pdftoppm', '-r', '150', '-png', '-singlefile', saved(pdf, 'pdf'), prefix);
  return decodeQr(readFileSync(`${prefix}.png`));
}

describe('the certificate PDF', () => {
  it.each([
    'Nguyễn Thị Hồng Nhung',
    'Trương Ngọc Ẩn',
    'Đặng Thị Ửng Hỷ',
    'Huỳnh Thị Mỹ Duyên',
    'Lê Hữu Phước',
    'Tạ Quang Bửu',
    'Dương Ỷ Lan',
    'Lữ Thị Ngợi',
    'ÔNG ỨNG VĂN KHIÊM', // capitals with stacked marks
  ])('prints %s as extractable text', async (learnerName) => {
    const text = textOf(await renderCertificatePdf(buildFace({ learnerName })));
    expect(text).toContain(learnerName);
    expect(text).toContain('Kỹ năng số cơ bản: sử dụng dịch vụ công trực tuyến');
    expect(text).toContain('Sở Giáo dục và Đào tạo tỉnh An Giang');
    expect(text).toContain('HT-7K3Q-9XW2-M4PD');
    expect(text).toContain('Duyệt, tìm kiếm và lọc dữ liệu');
  });

  it('draws decomposed input as the composed letters', async () => {
    const text = textOf(await renderCertificatePdf(buildFace({ learnerName: 'Nguyễn Thị Hồng Nhung'.normalize('NFD') })));
    expect(text).toContain('Nguyễn Thị Hồng Nhung'.normalize('NFC'));
  });

  it('sets the metadata and gives the same bytes for the same certificate', async () => {
    const pdf = await renderCertificatePdf(buildFace());
    const info = poppler('pdfinfo', saved(pdf, 'pdf'));
    expect(info).toMatch(/^Title:\s+Kỹ năng số cơ bản: sử dụng dịch vụ công trực tuyến$/m);
    expect(info).toMatch(/^Author:\s+Sở Giáo dục và Đào tạo tỉnh An Giang$/m);
    expect(info).toMatch(/^Subject:\s+HT-7K3Q-9XW2-M4PD$/m);
    expect((await renderCertificatePdf(buildFace())).equals(pdf)).toBe(true);
  });

  it.each([
    ['the longest allowed texts', longest, false],
    ['an emoji in the name', buildFace({ learnerName: 'Lan 🌸 Anh' }), false],
    ['a Khmer name', buildFace({ learnerName: 'សុខ ចាន់ធី' }), true],
    ['no competences', buildFace({ competences: [] }), false],
  ])('stays one A4 landscape page with embedded fonts for %s', async (_case, face, usesKhmer) => {
    const file = saved(await renderCertificatePdf(face), 'pdf');
    const info = poppler('pdfinfo', file);
    expect(info).toMatch(/^Pages:\s+1$/m);
    expect(info).toMatch(/^Page size:\s+841\.89 x 595\.28 pts/m);

    const fonts = poppler('pdffonts', file).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThanOrEqual(2);
    for (const font of fonts) expect(font).toMatch(/^\S+\+NotoSans\S* .* yes yes yes /);
    expect(fonts.some((font) => font.includes('NotoSansKhmer'))).toBe(usesKhmer);
  });

  it('shrinks, wraps and cuts a long name instead of overflowing', async () => {
    const text = textOf(await renderCertificatePdf(longest));
    expect(text).toContain('Công Tằng Tôn Nữ');
    expect(text).toContain('…');
    expect(text).toContain('+4');
  });

  it('drops what no font can draw and keeps the rest', async () => {
    expect(textOf(await renderCertificatePdf(buildFace({ learnerName: 'Lan 🌸 Anh' })))).toContain('Lan Anh');
  });

  it('carries a QR code that scans back to the verification link', async () => {
    expect(await decodePdfQr(await renderCertificatePdf(buildFace()))).toBe(verifyUrl);
    expect(await decodePdfQr(await renderCertificatePdf(longest))).toBe(longest.verifyUrl);
  });
});

describe('the share image', () => {
  it('is a 1200×630 PNG whose QR code scans back to the verification link', async () => {
    for (const face of [buildFace(), longest, buildFace({ learnerName: 'សុខ ចាន់ធី 🌸' })]) {
      const png = await renderCertificateImage(face);
      expect(await sharp(png).metadata()).toMatchObject({ format: 'png', width: 1200, height: 630 });
      expect(await decodeQr(png)).toBe(face.verifyUrl);
    }
  });
});

describe('the renderer on worker threads', () => {
  it('returns the same bytes as rendering in place, for many jobs at once', async () => {
    const renderer = createCertificateRenderer({ threads: 2 });
    try {
      const faces = ['Nguyễn Thị Hồng Nhung', 'Trương Ngọc Ẩn', 'សុខ ចាន់ធី'].map((learnerName) => buildFace({ learnerName }));
      const pdfs = await Promise.all(faces.map((face) => renderer.pdf(face)));
      for (const [index, face] of faces.entries()) expect(pdfs[index]!.equals(await renderCertificatePdf(face))).toBe(true);

      const png = await renderer.image(faces[0]!);
      expect(await decodeQr(png)).toBe(verifyUrl);
    } finally {
      await renderer.close();
    }
  });

  it('refuses work once closed', async () => {
    const renderer = createCertificateRenderer();
    await renderer.close();
    await expect(renderer.pdf(buildFace())).rejects.toThrow(/closed/);
  });

  it('fails the jobs of a renderer closed while they run', async () => {
    const renderer = createCertificateRenderer();
    const job = renderer.pdf(buildFace());
    await renderer.close();
    await expect(job).rejects.toThrow(/closed/);
  });
});
