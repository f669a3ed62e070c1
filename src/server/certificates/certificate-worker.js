// Worker entry for certificate-renderer.ts. Plain JavaScript because a worker starts with Node's own loader, not
// the tsx or Vitest one its parent runs under; it registers tsx itself before loading the TypeScript renderer.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { renderCertificateImage, renderCertificatePdf } = await import('./certificate-render.ts');

/** A Uint8Array that owns its whole ArrayBuffer, so transferring it moves exactly these bytes. */
function ownBytes(buffer) {
  return buffer.byteOffset === 0 && buffer.byteLength === buffer.buffer.byteLength ? buffer : new Uint8Array(buffer);
}

parentPort.on('message', async ({ id, kind, face }) => {
  try {
    const bytes = ownBytes(kind === 'pdf' ? await renderCertificatePdf(face) : await renderCertificateImage(face));
    parentPort.postMessage({ id, bytes }, [bytes.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
