/** The large-text setting, kept on the device so it applies before anyone signs in. */
import { signal } from '@preact/signals';

const storageKey = 'hoctap.largeText';

function readStoredLargeText(): boolean {
  try {
    return localStorage.getItem(storageKey) === '1';
  } catch {
    return false;
  }
}

export const largeText = signal(readStoredLargeText());

export function setLargeText(on: boolean): void {
  largeText.value = on;
  document.documentElement.classList.toggle('large-text', on);
  try {
    localStorage.setItem(storageKey, on ? '1' : '0');
  } catch {
    // Private mode: applies for this visit only.
  }
}
