/**
 * The printable programme, laid out like the official one (plan 570/KH-UBND's annex): the heading with the title,
 * when and where, then a table "Thời gian · Nội dung · Thực hiện" with times as "7h30 – 7h45" in Vietnam time.
 * Noto Sans is embedded (subset), so Vietnamese prints with its marks on any printer.
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { programmeSpan } from '../../shared/events.js';

export interface ProgrammeSheet {
  title: string;
  when: string;
  where: string;
  rows: readonly { startsAt: number; durationMinutes: number; content: string; responsible: string }[];
  labels: { programme: string; time: string; content: string; by: string; when: string; where: string };
}

const require = createRequire(import.meta.url);
const fontFile = (weight: '400Regular/NotoSans_400Regular' | '700Bold/NotoSans_700Bold') => require.resolve(`@expo-google-fonts/noto-sans/${weight}.ttf`);
// See cards/card-pdf.ts: with ccmp off, text extracted from the PDF keeps its precomposed letters.
const precomposed = { features: { ccmp: false } as unknown as PDFKit.Mixins.OpenTypeFeatures[] };

const margin = 56;
// Time, content, responsible: the whole width of A4 inside the margins.
const columns = [85, 235, 163.28] as const;
const padding = 5;

export function renderProgrammePdf(sheet: ProgrammeSheet): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin, lang: 'vi', info: { Title: `${sheet.labels.programme} – ${sheet.title}` } });
  doc.registerFont('regular', fontFile('400Regular/NotoSans_400Regular'));
  doc.registerFont('bold', fontFile('700Bold/NotoSans_700Bold'));
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('bold').fontSize(15).text(sheet.labels.programme, { align: 'center', ...precomposed });
  doc.moveDown(0.2).fontSize(13).text(sheet.title.toLocaleUpperCase('vi'), { align: 'center', ...precomposed });
  doc.moveDown(0.6).font('regular').fontSize(11).text(sheet.labels.when, { align: 'center', ...precomposed });
  if (sheet.where) doc.text(sheet.labels.where, { align: 'center', ...precomposed });
  doc.moveDown(1);

  const row = (cells: readonly string[], font: 'regular' | 'bold') => {
    doc.font(font).fontSize(11);
    const height = Math.max(...cells.map((cell, i) => doc.heightOfString(cell, { width: columns[i]! - 2 * padding, ...precomposed }))) + 2 * padding;
    if (doc.y + height > doc.page.height - margin) doc.addPage();
    const top = doc.y;
    let x = margin;
    cells.forEach((cell, i) => {
      doc.rect(x, top, columns[i]!, height).lineWidth(0.6).stroke('#000000');
      doc.fillColor('#000000').text(cell, x + padding, top + padding, { width: columns[i]! - 2 * padding, align: font === 'bold' ? 'center' : 'left', ...precomposed });
      x += columns[i]!;
    });
    doc.x = margin;
    doc.y = top + height;
  };
  row([sheet.labels.time, sheet.labels.content, sheet.labels.by], 'bold');
  for (const item of sheet.rows) row([programmeSpan(item.startsAt, item.durationMinutes), item.content, item.responsible], 'regular');
  doc.end();
  return done;
}
