/** The large-text setting, kept on the device so it applies before anyone signs in. */
const storageKey = 'hoctap.largeText';

export function isLargeText(): boolean {
  try {
    return localStorage.getItem(storageKey) === '1';
  } catch {
    return false;
  }
}

export function applyLargeText(on: boolean): void {
  document.documentElement.classList.toggle('large-text', on);
  try {
    localStorage.setItem(storageKey, on ? '1' : '0');
  } catch {
    // Private mode: applies for this visit only.
  }
}
