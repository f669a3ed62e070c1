/**
 * Sign-in cards on paper: A6 with one card per page, or A4 with eight cards to cut out along the marks. Each card
 * says the platform, the person's name and place, a QR code holding the card's URL, the short code and one line of
 * instructions. Noto Sans is embedded (subset), so names print with their Vietnamese marks on any printer.
 */
import QRCode from 'qrcode';
import type { CardLayout } from './cards.schema.js';
import { precomposed, vietnamesePdf } from '../pdf.js';

export interface CardFace {
  fullName: string;
  place: string;
  url: string;
  shortCode: string;
}

export interface CardLabels {
  platform: string;
  title: string;
  code: string;
  instructions: string;
}


const A6 = { width: 297.64, height: 419.53 };
const A4 = { width: 595.28, height: 841.89 };
// Eight cards of 90 × 67 mm on A4, two across and four down, with room around them for the cut marks.
const GRID = { columns: 2, rows: 4, width: 255, height: 190 };
const INK = '#1f2937';
const MUTED = '#4b5563';
const ACCENT = '#9b1c1c';

export function renderCardsPdf(faces: readonly CardFace[], layout: CardLayout, labels: CardLabels): Promise<Buffer> {
  const { doc, done } = vietnamesePdf({ size: layout === 'a6' ? 'A6' : 'A4', margin: 0, autoFirstPage: false, lang: 'vi', info: { Title: labels.title, Author: labels.platform } });
  if (layout === 'a6') {
    for (const face of faces) {
      doc.addPage();
      drawTallCard(doc, face, labels, 0, 0, A6.width, A6.height);
    }
  } else {
    const perPage = GRID.columns * GRID.rows;
    const left = (A4.width - GRID.columns * GRID.width) / 2;
    const top = (A4.height - GRID.rows * GRID.height) / 2;
    faces.forEach((face, index) => {
      if (index % perPage === 0) {
        doc.addPage();
        drawCutMarks(doc, left, top);
      }
      const slot = index % perPage;
      const x = left + (slot % GRID.columns) * GRID.width;
      const y = top + Math.floor(slot / GRID.columns) * GRID.height;
      doc.save().lineWidth(0.4).dash(2, { space: 3 }).rect(x, y, GRID.width, GRID.height).stroke('#b0b0b0').undash().restore();
      drawWideCard(doc, face, labels, x, y, GRID.width, GRID.height);
    });
  }
  doc.end();
  return done;
}

/** Short marks outside the grid where every cut line starts and ends. */
function drawCutMarks(doc: PDFKit.PDFDocument, left: number, top: number) {
  const right = left + GRID.columns * GRID.width;
  const bottom = top + GRID.rows * GRID.height;
  const length = 14;
  const gap = 4;
  doc.save().lineWidth(0.6).strokeColor('#000000');
  for (let c = 0; c <= GRID.columns; c++) {
    const x = left + c * GRID.width;
    doc.moveTo(x, top - gap - length).lineTo(x, top - gap).stroke();
    doc.moveTo(x, bottom + gap).lineTo(x, bottom + gap + length).stroke();
  }
  for (let r = 0; r <= GRID.rows; r++) {
    const y = top + r * GRID.height;
    doc.moveTo(left - gap - length, y).lineTo(left - gap, y).stroke();
    doc.moveTo(right + gap, y).lineTo(right + gap + length, y).stroke();
  }
  doc.restore();
}

/** The biggest size (down to `min`) at which the text fits `maxLines` lines of `width`, and the height of those lines. */
function fitting(doc: PDFKit.PDFDocument, text: string, font: string, width: number, max: number, min: number, maxLines: number): { size: number; height: number } {
  doc.font(font);
  for (let size = max; ; size -= 0.5) {
    doc.fontSize(size);
    const height = doc.currentLineHeight(true) * maxLines;
    if (size <= min || doc.heightOfString(text, { width, ...precomposed }) <= height) return { size, height };
  }
}

/** Text in a box of at most `maxLines` lines, shrunk to fit, cut with an ellipsis if it still does not; answers its height. */
function fitText(doc: PDFKit.PDFDocument, text: string, font: string, x: number, y: number, width: number, max: number, min: number, maxLines: number, color: string, align: 'left' | 'center' = 'left'): number {
  const { size, height } = fitting(doc, text, font, width, max, min, maxLines);
  doc.font(font).fontSize(size).fillColor(color).text(text, x, y, { width, height: height + 1, ellipsis: true, align, lineGap: 0, ...precomposed });
  return Math.min(doc.heightOfString(text, { width, ...precomposed }), height);
}

function drawQr(doc: PDFKit.PDFDocument, text: string, left: number, top: number, size: number) {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const quiet = 2;
  const span = modules.size + 2 * quiet;
  const module = size / span;
  doc.rect(left, top, size, size).fill('#ffffff');
  for (let row = 0; row < modules.size; row++) {
    for (let column = 0; column < modules.size; column++) {
      if (modules.get(row, column)) doc.rect(left + (column + quiet) * module, top + (row + quiet) * module, module, module);
    }
  }
  doc.fill('#000000');
}

/** A4 slot: QR at the left, name, place and code at the right, instructions along the bottom. */
function drawWideCard(doc: PDFKit.PDFDocument, face: CardFace, labels: CardLabels, x: number, y: number, width: number, height: number) {
  const pad = 12;
  fitText(doc, labels.platform, 'bold', x + pad, y + pad, width - 2 * pad, 11, 8, 1, ACCENT);
  fitText(doc, labels.title, 'regular', x + pad, y + pad + 14, width - 2 * pad, 8, 6, 1, MUTED);
  const qrSize = 112;
  const qrTop = y + pad + 30;
  drawQr(doc, face.url, x + pad - 4, qrTop, qrSize);
  const textLeft = x + pad + qrSize + 2;
  const textWidth = width - (textLeft - x) - pad;
  let cursor = qrTop + 2;
  cursor += fitText(doc, face.fullName, 'bold', textLeft, cursor, textWidth, 13, 8, 2, INK) + 3;
  cursor += fitText(doc, face.place, 'regular', textLeft, cursor, textWidth, 8.5, 6, 2, MUTED) + 8;
  fitText(doc, labels.code, 'regular', textLeft, cursor, textWidth, 8, 6, 1, MUTED);
  fitText(doc, face.shortCode, 'bold', textLeft, cursor + 11, textWidth, 15, 9, 1, INK);
  fitText(doc, labels.instructions, 'regular', x + pad, y + height - pad - 20, width - 2 * pad, 7.5, 5.5, 2, INK);
}

/** A6 page: everything stacked and centred, the QR as large as the page allows. */
function drawTallCard(doc: PDFKit.PDFDocument, face: CardFace, labels: CardLabels, x: number, y: number, width: number, height: number) {
  const pad = 22;
  const inner = width - 2 * pad;
  doc.save().lineWidth(1.2).rect(x + 10, y + 10, width - 20, height - 20).stroke(ACCENT).restore();
  fitText(doc, labels.platform, 'bold', x + pad, y + pad, inner, 15, 9, 1, ACCENT, 'center');
  fitText(doc, labels.title, 'regular', x + pad, y + pad + 20, inner, 10, 7, 1, MUTED, 'center');
  let cursor = y + pad + 40;
  cursor += fitText(doc, face.fullName, 'bold', x + pad, cursor, inner, 18, 10, 2, INK, 'center') + 2;
  cursor += fitText(doc, face.place, 'regular', x + pad, cursor, inner, 10, 7, 2, MUTED, 'center') + 6;
  const qrSize = 170;
  drawQr(doc, face.url, x + (width - qrSize) / 2, cursor, qrSize);
  cursor += qrSize + 6;
  fitText(doc, labels.code, 'regular', x + pad, cursor, inner, 9, 7, 1, MUTED, 'center');
  fitText(doc, face.shortCode, 'bold', x + pad, cursor + 12, inner, 20, 12, 1, INK, 'center');
  fitText(doc, labels.instructions, 'regular', x + pad, y + height - pad - 28, inner, 9, 6, 2, INK, 'center');
}
