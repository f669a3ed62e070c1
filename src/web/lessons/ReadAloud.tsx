/**
 * Reads the lesson aloud with the phone's own voice for the lesson's language,
 * paragraph by paragraph (long utterances stop half-way on some Android
 * versions). Few phones have a Khmer voice: then it says so instead of reading
 * Khmer letters with a Vietnamese voice.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/i18n.js';

const speechLocales = { vi: 'vi-VN', km: 'km-KH' } as const;

export function ReadAloud({ target, label = t('lesson.readAloud'), lang = 'vi' }: { target: () => HTMLElement | null; label?: string; lang?: keyof typeof speechLocales }) {
  const [speaking, setSpeaking] = useState(false);
  const [noVoice, setNoVoice] = useState(false);
  const supported = typeof window !== 'undefined' && 'speechSynthesis' in window;
  useEffect(() => () => supported && speechSynthesis.cancel(), [supported]);
  if (!supported) return null;

  const start = () => {
    const blocks = [...(target()?.querySelectorAll('h1, h2, h3, p, li, blockquote, label') ?? [])].map((el) => el.textContent?.trim() ?? '').filter(Boolean);
    const voice = speechSynthesis.getVoices().find((v) => v.lang.toLowerCase().startsWith(lang));
    // Vietnamese is read even without a listed voice (the system default often is one); Khmer is not.
    if (!voice && lang !== 'vi') {
      setNoVoice(true);
      return;
    }
    speechSynthesis.cancel();
    blocks.forEach((text, index) => {
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = speechLocales[lang];
      if (voice) utterance.voice = voice;
      utterance.rate = 0.9;
      if (index === blocks.length - 1) utterance.onend = () => setSpeaking(false);
      speechSynthesis.speak(utterance);
    });
    setSpeaking(blocks.length > 0);
  };
  const stop = () => {
    speechSynthesis.cancel();
    setSpeaking(false);
  };
  return (
    <>
      <button type="button" class="button button--secondary" aria-pressed={speaking} onClick={speaking ? stop : start}>
        <span aria-hidden="true">🔊 </span>
        {speaking ? t('lesson.stopReading') : label}
      </button>
      {noVoice ? (
        <p class="muted" role="status">
          {t('lesson.noKhmerVoice')}
        </p>
      ) : null}
    </>
  );
}
