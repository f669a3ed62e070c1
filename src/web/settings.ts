/** Settings kept on the device: large text (so it applies before anyone signs in) and data saving. */
import { signal } from '@preact/signals';

const storageKey = 'hoctap.largeText';

export const largeText = signal(readStored(storageKey));

export function setLargeText(on: boolean): void {
  largeText.value = on;
  document.documentElement.classList.toggle('large-text', on);
  try {
    localStorage.setItem(storageKey, on ? '1' : '0');
  } catch {
    // Private mode: applies for this visit only.
  }
}

const dataSaverKey = 'hoctap.dataSaver';

/** "Tiết kiệm dữ liệu": lesson pictures load only when tapped. Kept on the device: it is about this phone's data plan. */
export const dataSaver = signal(readStored(dataSaverKey));

function readStored(key: string): boolean {
  try {
    return localStorage.getItem(key) === '1';
  } catch {
    return false;
  }
}

export function setDataSaver(on: boolean): void {
  dataSaver.value = on;
  try {
    localStorage.setItem(dataSaverKey, on ? '1' : '0');
  } catch {
    // Private mode: applies for this visit only.
  }
}
