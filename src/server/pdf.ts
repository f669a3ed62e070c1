/**
 * A PDF document that prints Vietnamese right everywhere: Noto Sans embedded as 'regular' and 'bold', the finished
 * bytes as a promise. Every PDF the platform writes (cards, invitations, programmes, reports) starts here.
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
const fontFile = (weight: '400Regular/NotoSans_400Regular' | '700Bold/NotoSans_700Bold') => require.resolve(`@expo-google-fonts/noto-sans/${weight}.ttf`);

/**
 * Text options to spread into every `doc.text`: Noto Sans's ccmp splits ạ ọ ụ… into base and mark, and text copied
 * or extracted from the PDF then comes out wrong; the precomposed glyphs draw the same. pdfkit hands fontkit this
 * object form; its typings know only the array form.
 */
export const precomposed = { features: { ccmp: false } as unknown as PDFKit.Mixins.OpenTypeFeatures[] };

export function vietnamesePdf(options: PDFKit.PDFDocumentOptions): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  const doc = new PDFDocument(options);
  doc.registerFont('regular', fontFile('400Regular/NotoSans_400Regular'));
  doc.registerFont('bold', fontFile('700Bold/NotoSans_700Bold'));
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done };
}
