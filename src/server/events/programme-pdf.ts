/**
 * The printable programme, laid out like the official one (plan 570/KH-UBND's annex): the heading with the title,
 * when and where, then a table "Thời gian · Nội dung · Thực hiện" with times as "7h30 – 7h45" in Vietnam time.
 * Noto Sans is embedded (subset), so Vietnamese prints with its marks on any printer.
 */
import { programmeSpan } from '../../shared/events.js';
import { precomposed, vietnamesePdf } from '../pdf.js';

export interface ProgrammeSheet {
  title: string;
  when: string;
  where: string;
  rows: readonly { startsAt: number; durationMinutes: number; content: string; responsible: string }[];
  labels: { programme: string; time: string; content: string; by: string; when: string; where: string };
}


const margin = 56;
// Time, content, responsible: the whole width of A4 inside the margins.
const columns = [85, 235, 163.28] as const;
const padding = 5;

export function renderProgrammePdf(sheet: ProgrammeSheet): Promise<Buffer> {
  const { doc, done } = vietnamesePdf({ size: 'A4', margin, lang: 'vi', info: { Title: `${sheet.labels.programme} – ${sheet.title}` } });
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
