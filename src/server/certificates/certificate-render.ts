// Draws one certificate two ways: an A4 landscape PDF to print and a 1200×630 PNG to share in chat apps.
// Both go through the same fontkit fonts, so text is shaped, measured, shrunk and truncated identically, and
// neither depends on fonts installed on the server: the PDF embeds subsets, the PNG turns glyphs into paths.
// Synchronous and CPU-bound: call it through certificate-renderer.ts, not on the request thread.

import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { type Canvas, drawBlock, drawableText, fitLine, fitText, placeRuns, textWidth, typefaces } from './certificate-text.js';

export interface CertificateFace {
  learnerName: string;
  courseTitle: string;
  competences: { code: string; name: string }[];
  issuedOn: string;
  issuerName: string;
  signatoryName: string;
  signatoryTitle: string;
  code: string;
  verifyUrl: string;
  labels: {
    heading: string;
    certifies: string;
    completed: string;
    competences: string;
    issuedOn: string;
    code: string;
    scanToVerify: string;
    platform: string;
  };
}

// ---------------------------------------------------------------- QR code

interface QrMatrix {
  /** Modules per side including the 4-module quiet zone on each side. */
  span: number;
  /** Horizontal runs of dark modules, in module units from the quiet zone's corner. */
  darkRuns: { x: number; y: number; length: number }[];
}

const QUIET_ZONE = 4;

function qrMatrix(text: string): QrMatrix {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const darkRuns: QrMatrix['darkRuns'] = [];
  for (let row = 0; row < modules.size; row++) {
    for (let column = 0; column < modules.size; column++) {
      if (!modules.get(row, column)) continue;
      const previous = darkRuns.at(-1);
      if (previous && previous.y === row + QUIET_ZONE && previous.x + previous.length === column + QUIET_ZONE) previous.length++;
      else darkRuns.push({ x: column + QUIET_ZONE, y: row + QUIET_ZONE, length: 1 });
    }
  }
  return { span: modules.size + 2 * QUIET_ZONE, darkRuns };
}

// ---------------------------------------------------------------- PDF

const COLORS = { ink: '#1f2937', muted: '#5b6472', accent: '#9b1c1c', gold: '#b7892e', paper: '#fffdf8' };
const A4_LANDSCAPE = { width: 841.89, height: 595.28 };

/** A fixed CreationDate keeps the bytes (and the /ID derived from it) the same for the same certificate. */
function creationDateOf(issuedOn: string): Date {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(issuedOn.trim());
  return match ? new Date(Date.UTC(Number(match[3]), Number(match[2]) - 1, Number(match[1]))) : new Date(0);
}

export function renderCertificatePdf(face: CertificateFace): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      layout: 'landscape',
      margin: 0, // with explicit positions only, nothing can flow onto a second page
      lang: 'vi',
      displayTitle: true,
      info: { Title: face.courseTitle, Author: face.issuerName, Subject: face.code, CreationDate: creationDateOf(face.issuedOn) },
    });
    // pdfkit takes parsed fontkit fonts (its typings only list bytes): parsing 1.3 MB of fonts per document would
    // cost most of the render. pdfkit's default Helvetica is never drawn with, so it is never written either.
    for (const weight of Object.values(typefaces)) {
      for (const typeface of Object.values(weight)) doc.registerFont(typeface.name, typeface.font as unknown as PDFKit.Mixins.PDFFontSource);
    }
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    drawPdfFace(doc, face);
    doc.end();
  });
}

function pdfCanvas(doc: PDFKit.PDFDocument): Canvas {
  return {
    line(text, weight, size, x, baseline, color, align = 'center') {
      doc.fillColor(color).fontSize(size);
      for (const run of placeRuns(text, weight, size, x, align)) {
        // pdfkit hands features to fontkit, which takes this object form; the typings only know the array form.
        const features = run.typeface.features as unknown as PDFKit.Mixins.OpenTypeFeatures[];
        // lineBreak:false skips pdfkit's wrapper, the only thing that would add a page.
        doc.font(run.typeface.name).text(run.text, run.x, baseline, { lineBreak: false, baseline: 'alphabetic', features });
      }
    },
  };
}

function drawPdfFace(doc: PDFKit.PDFDocument, face: CertificateFace) {
  const canvas = pdfCanvas(doc);
  const { width, height } = A4_LANDSCAPE;
  const centerX = width / 2;
  const textWidthMax = width - 140;
  const { labels } = face;

  doc.rect(0, 0, width, height).fill(COLORS.paper);
  doc.lineWidth(2.5).rect(18, 18, width - 36, height - 36).stroke(COLORS.accent);
  doc.lineWidth(0.75).rect(25, 25, width - 50, height - 50).stroke(COLORS.gold);

  drawBlock(canvas, fitLine(face.issuerName, 'bold', 12, textWidthMax, 8), centerX, 36, 18, COLORS.ink);
  drawBlock(canvas, fitLine(labels.platform, 'regular', 9.5, textWidthMax, 7), centerX, 54, 14, COLORS.muted);
  drawBlock(canvas, fitLine(labels.heading, 'bold', 34, textWidthMax, 18), centerX, 82, 44, COLORS.accent);
  doc.lineWidth(1).moveTo(centerX - 40, 132).lineTo(centerX + 40, 132).stroke(COLORS.gold);
  drawBlock(canvas, fitLine(labels.certifies, 'regular', 13, textWidthMax, 9), centerX, 138, 18, COLORS.ink);
  drawBlock(canvas, fitText(face.learnerName, { weight: 'bold', maxSize: 34, minSize: 16, maxWidth: textWidthMax, maxLines: 2 }), centerX, 158, 56, COLORS.accent);
  drawBlock(canvas, fitLine(labels.completed, 'regular', 12, textWidthMax, 9), centerX, 214, 18, COLORS.ink);
  drawBlock(canvas, fitText(face.courseTitle, { weight: 'bold', maxSize: 20, minSize: 12, maxWidth: textWidthMax, maxLines: 2 }), centerX, 232, 50, COLORS.ink);
  drawCompetences(canvas, face, centerX, 296);

  // Bottom band: QR at the left, the code in the middle, the signature block at the right.
  const qrSize = 140; // 5 cm: even a 700-character link keeps modules near 0.45 mm, which phones read from paper
  const qrLeft = 52;
  const qrTop = 398;
  drawPdfQr(doc, face.verifyUrl, qrLeft, qrTop, qrSize);
  drawBlock(canvas, fitLine(labels.scanToVerify, 'regular', 8.5, 170, 6), qrLeft + qrSize / 2, qrTop + qrSize, 14, COLORS.muted);

  drawBlock(canvas, fitLine(labels.code, 'regular', 9, 220, 7), centerX, 476, 14, COLORS.muted);
  drawBlock(canvas, fitLine(face.code, 'bold', 14, 240, 8), centerX, 490, 20, COLORS.ink);

  const signatureX = 650;
  drawBlock(canvas, fitLine(`${labels.issuedOn}: ${face.issuedOn}`, 'regular', 11, 260, 8), signatureX, 404, 16, COLORS.ink);
  drawBlock(canvas, fitLine(face.signatoryTitle, 'bold', 12, 260, 8), signatureX, 422, 18, COLORS.ink);
  drawBlock(canvas, fitLine(face.signatoryName, 'bold', 13, 260, 8), signatureX, 510, 20, COLORS.ink);
}

const SHOWN_COMPETENCES = 6;

function drawCompetences(canvas: Canvas, face: CertificateFace, centerX: number, top: number) {
  if (face.competences.length === 0) return;
  const size = 9.5;
  const shown = face.competences.slice(0, SHOWN_COMPETENCES);
  const columns = shown.length > 3 ? 2 : 1;
  const gap = 28;
  const items = shown.map(({ code, name }) => {
    const codeText = drawableText(code, 'bold');
    const codeWidth = codeText ? textWidth(codeText, 'bold', size) + 5 : 0;
    return { codeText, codeWidth, name: fitLine(name, 'regular', size, (columns === 2 ? 330 : 480) - codeWidth).lines[0] ?? '' };
  });
  const columnWidth = Math.max(...items.map((item) => item.codeWidth + textWidth(item.name, 'regular', size)));
  const left = centerX - (columns * columnWidth + (columns - 1) * gap) / 2;

  drawBlock(canvas, fitLine(face.labels.competences, 'bold', 10, 500, 7), centerX, top, 14, COLORS.muted);
  items.forEach((item, index) => {
    const x = left + Math.floor(index / 3) * (columnWidth + gap);
    const baseline = top + 28 + (index % 3) * 14;
    canvas.line(item.codeText, 'bold', size, x, baseline, COLORS.accent, 'left');
    canvas.line(item.name, 'regular', size, x + item.codeWidth, baseline, COLORS.ink, 'left');
  });
  const hidden = face.competences.length - shown.length;
  if (hidden > 0) canvas.line(`+${hidden}`, 'bold', size, centerX, top + 28 + 3 * 14, COLORS.muted);
}

function drawPdfQr(doc: PDFKit.PDFDocument, text: string, left: number, top: number, size: number) {
  const { span, darkRuns } = qrMatrix(text);
  const module = size / span;
  doc.rect(left, top, size, size).fill('#ffffff');
  // One path for all modules: no hairline seams between neighbours when rasterised.
  for (const run of darkRuns) doc.rect(left + run.x * module, top + run.y * module, run.length * module, module);
  doc.fill('#000000');
}

// ---------------------------------------------------------------- share image

const SHARE = { width: 1200, height: 630 };

export async function renderCertificateImage(face: CertificateFace): Promise<Buffer> {
  return sharp(Buffer.from(shareSvg(face))).png().toBuffer();
}

const n = (value: number) => Number(value.toPrecision(6));

/** Draws glyph outlines, not <text>, so no system font is ever consulted. */
function svgCanvas(parts: string[]): Canvas {
  return {
    line(text, weight, size, x, baseline, color, align = 'center') {
      const paths: string[] = [];
      for (const run of placeRuns(text, weight, size, x, align)) {
        const { font, features } = run.typeface;
        const scale = size / font.unitsPerEm;
        const { glyphs, positions } = font.layout(run.text, features);
        let penX = run.x;
        glyphs.forEach((glyph, index) => {
          const position = positions[index]!;
          const d = glyph.path.toSVG();
          if (d) paths.push(`<path transform="matrix(${n(scale)} 0 0 ${n(-scale)} ${n(penX + position.xOffset * scale)} ${n(baseline - position.yOffset * scale)})" d="${d}"/>`);
          penX += position.xAdvance * scale;
        });
      }
      parts.push(`<g fill="${color}">${paths.join('')}</g>`);
    },
  };
}

/** Whole pixels per module keep the QR crisp, so it still scans from a screenshot of the preview. */
function svgQr(text: string, centerX: number, top: number, maxSize: number): { svg: string; size: number } {
  const { span, darkRuns } = qrMatrix(text);
  const module = Math.max(1, Math.floor(maxSize / span));
  const size = span * module;
  const left = Math.round(centerX - size / 2);
  const d = darkRuns.map((run) => `M${left + run.x * module} ${top + run.y * module}h${run.length * module}v${module}h${-run.length * module}z`).join('');
  return { svg: `<rect x="${left}" y="${top}" width="${size}" height="${size}" fill="#ffffff"/><path fill="#000000" shape-rendering="crispEdges" d="${d}"/>`, size };
}

function shareSvg(face: CertificateFace): string {
  const { width, height } = SHARE;
  const { labels } = face;
  const textCenter = 420;
  const textWidthMax = 700;
  const qrCenter = 985;
  const qrTop = 120;
  const qr = svgQr(face.verifyUrl, qrCenter, qrTop, 330);
  const parts = [
    `<rect width="${width}" height="${height}" fill="${COLORS.paper}"/>`,
    `<rect x="16" y="16" width="${width - 32}" height="${height - 32}" fill="none" stroke="${COLORS.accent}" stroke-width="5"/>`,
    `<rect x="28" y="28" width="${width - 56}" height="${height - 56}" fill="none" stroke="${COLORS.gold}" stroke-width="1.5"/>`,
    qr.svg,
  ];
  const canvas = svgCanvas(parts);
  drawBlock(canvas, fitLine(face.issuerName, 'bold', 24, textWidthMax, 14), textCenter, 56, 34, COLORS.muted);
  drawBlock(canvas, fitLine(labels.heading, 'bold', 60, textWidthMax, 30), textCenter, 100, 78, COLORS.accent);
  drawBlock(canvas, fitLine(labels.certifies, 'regular', 24, textWidthMax, 16), textCenter, 184, 32, COLORS.ink);
  drawBlock(canvas, fitText(face.learnerName, { weight: 'bold', maxSize: 64, minSize: 32, maxWidth: textWidthMax, maxLines: 2 }), textCenter, 220, 110, COLORS.accent);
  drawBlock(canvas, fitLine(labels.completed, 'regular', 22, textWidthMax, 16), textCenter, 334, 30, COLORS.ink);
  drawBlock(canvas, fitText(face.courseTitle, { weight: 'bold', maxSize: 34, minSize: 22, maxWidth: textWidthMax, maxLines: 2 }), textCenter, 366, 70, COLORS.ink);
  drawBlock(canvas, fitLine(`${labels.issuedOn}: ${face.issuedOn}`, 'regular', 22, textWidthMax, 14), textCenter, 470, 30, COLORS.ink);
  drawBlock(canvas, fitLine(`${labels.code}: ${face.code}`, 'bold', 24, textWidthMax, 14), textCenter, 506, 34, COLORS.ink);
  drawBlock(canvas, fitLine(labels.platform, 'regular', 18, textWidthMax, 12), textCenter, 556, 26, COLORS.muted);
  drawBlock(canvas, fitLine(labels.scanToVerify, 'regular', 20, 330, 12), qrCenter, qrTop + qr.size + 8, 28, COLORS.muted);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg>`;
}
