/**
 * Invitations on paper (giấy mời): one A4 page per person with the event, the time, the venue and its address,
 * the person's name, a personal QR of the invitation link and the door code under it. Noto Sans is embedded, so
 * names print with their Vietnamese marks on any printer.
 */
import QRCode from 'qrcode';
import { precomposed, vietnamesePdf } from '../pdf.js';

export interface InvitationFace {
  fullName: string;
  eventTitle: string;
  time: string;
  venueName: string;
  venueAddress: string;
  group: string | null;
  link: string;
  code: string;
}

export interface InvitationLabels {
  platform: string;
  title: string;
  dear: string;
  attend: string;
  time: string;
  venue: string;
  group: string;
  code: string;
  instructions: string;
}

const INK = '#1f2937';
const ACCENT = '#9b1c1c';
const margin = 64;
const width = 595.28 - 2 * margin;

export async function renderInvitationsPdf(faces: readonly InvitationFace[], labels: InvitationLabels): Promise<Buffer> {
  const { doc, done } = vietnamesePdf({ size: 'A4', margin, autoFirstPage: false, lang: 'vi', info: { Title: labels.title, Author: labels.platform } });
  const qrs = await Promise.all(faces.map((face) => QRCode.toBuffer(face.link, { errorCorrectionLevel: 'M', margin: 4, width: 600 })));
  faces.forEach((face, index) => {
    doc.addPage();
    const line = (text: string, font: 'regular' | 'bold', size: number, color = INK, gap = 6) => {
      doc.font(font).fontSize(size).fillColor(color).text(text, margin, doc.y, { width, align: 'center', ...precomposed });
      doc.moveDown(gap / size);
    };
    doc.y = margin;
    line(labels.platform, 'bold', 12, ACCENT);
    line(labels.title, 'bold', 30, ACCENT, 18);
    line(`${labels.dear} ${face.fullName}`, 'bold', 18, INK, 10);
    line(labels.attend, 'regular', 12);
    line(face.eventTitle, 'bold', 16, INK, 14);
    line(`${labels.time}: ${face.time}`, 'regular', 13);
    line(`${labels.venue}: ${face.venueName}`, 'regular', 13);
    if (face.venueAddress) line(face.venueAddress, 'regular', 12);
    if (face.group) line(`${labels.group}: ${face.group}`, 'regular', 12);
    const qrSize = 190;
    const qrTop = doc.y + 12;
    doc.image(qrs[index]!, margin + (width - qrSize) / 2, qrTop, { width: qrSize, height: qrSize });
    doc.y = qrTop + qrSize + 8;
    line(`${labels.code}: ${face.code}`, 'bold', 16);
    line(labels.instructions, 'regular', 11);
  });
  doc.end();
  return done;
}
