/**
 * Reads the lesson aloud with the phone's own Vietnamese voice, paragraph by
 * paragraph (long utterances stop half-way on some Android versions).
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/i18n.js';

export function ReadAloud({ target, label = t('lesson.readAloud') }: { target: () => HTMLElement | null; label?: string }) {
  const [speaking, setSpeaking] = useState(false);
  const supported = typeof window !== 'undefined' && 'speechSynthesis' in window;
  useEffect(() => () => supported && speechSynthesis.cancel(), [supported]);
  if (!supported) return null;

  const start = () => {
    const blocks = [...(target()?.querySelectorAll('h1, h2, h3, p, li, blockquote, label') ?? [])].map((el) => el.textContent?.trim() ?? '').filter(Boolean);
    const voice = speechSynthesis.getVoices().find((v) => v.lang.toLowerCase().startsWith('vi'));
    speechSynthesis.cancel();
    blocks.forEach((text, index) => {
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = 'vi-VN';
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
    <button type="button" class="button button--secondary" aria-pressed={speaking} onClick={speaking ? stop : start}>
      <span aria-hidden="true">🔊 </span>
      {speaking ? t('lesson.stopReading') : label}
    </button>
  );
}
