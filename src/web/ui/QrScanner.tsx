/**
 * A QR scanner on the phone's camera. The browser's own BarcodeDetector where there is one; elsewhere camera frames
 * are decoded with jsQR, loaded only when the camera opens, so no other page carries it. Typing is always offered:
 * cameras fail, permissions are refused, cards get creased.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n/i18n.js';

interface Detector {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}
declare global {
  interface Window {
    BarcodeDetector?: new (options: { formats: string[] }) => Detector;
  }
}

type Decode = (video: HTMLVideoElement) => Promise<string | null>;

async function makeDecoder(): Promise<Decode> {
  if (window.BarcodeDetector) {
    const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
    return async (video) => (await detector.detect(video))[0]?.rawValue ?? null;
  }
  const { default: jsQR } = await import('jsqr');
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  return async (video) => {
    if (!video.videoWidth) return null;
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    context.drawImage(video, 0, 0);
    return jsQR(context.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height)?.data ?? null;
  };
}

// The same code seen again within this time is the card still in front of the camera, not a new scan.
const repeatMs = 3000;

export function QrScanner({ onScan, onTyped, busy = false }: { onScan(text: string): void; onTyped(text: string): void; busy?: boolean }) {
  const video = useRef<HTMLVideoElement>(null);
  const [on, setOn] = useState(false);
  const [failed, setFailed] = useState(false);
  const [typed, setTyped] = useState('');
  const scan = useRef(onScan);
  scan.current = onScan;

  useEffect(() => {
    if (!on) return;
    let stopped = false;
    let stream: MediaStream | null = null;
    let last = { text: '', at: 0 };
    (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
        if (stopped || !video.current) return;
        video.current.srcObject = stream;
        await video.current.play();
        const decode = await makeDecoder();
        while (!stopped) {
          const text = await decode(video.current).catch(() => null);
          if (text && (text !== last.text || Date.now() - last.at > repeatMs)) {
            last = { text, at: Date.now() };
            scan.current(text);
          }
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      } catch {
        setFailed(true);
        setOn(false);
      }
    })();
    return () => {
      stopped = true;
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [on]);

  const submit = (event: Event) => {
    event.preventDefault();
    if (!typed.trim()) return;
    onTyped(typed.trim());
    setTyped('');
  };

  return (
    <div class="qr-scanner">
      {on ? (
        <>
          <video ref={video} class="qr-scanner__video" muted playsInline aria-label={t('scanner.hint')} />
          <p class="muted">{t('scanner.hint')}</p>
          <button type="button" class="button button--secondary" onClick={() => setOn(false)}>
            {t('scanner.stop')}
          </button>
        </>
      ) : (
        <button type="button" class="button" onClick={() => (setFailed(false), setOn(true))}>
          {t('scanner.start')}
        </button>
      )}
      {failed ? (
        <p class="form-error" role="alert">
          {t('scanner.noCamera')}
        </p>
      ) : null}
      <form class="qr-scanner__typed" onSubmit={submit}>
        <div class="field">
          <label for="qr-typed">{t('scanner.typed')}</label>
          <input id="qr-typed" name="typed" value={typed} autoComplete="off" maxLength={300} onInput={(e) => setTyped((e.target as HTMLInputElement).value)} />
        </div>
        <button type="submit" class="button button--secondary" disabled={busy || !typed.trim()}>
          {t('scanner.submit')}
        </button>
      </form>
    </div>
  );
}
