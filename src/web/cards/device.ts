/**
 * A random id this browser keeps for itself, sent with card sign-ins: a manager's review can then tell whether a
 * person's card is only ever used on the helper's phone. It says nothing about the person; the key is neutral.
 */
const storageKey = 'hoctap.device';
let memory: string | null = null;

function randomId(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function deviceId(): string {
  try {
    let id = localStorage.getItem(storageKey);
    if (!id) {
      id = randomId();
      localStorage.setItem(storageKey, id);
    }
    return id;
  } catch {
    // Storage refused (a frame blocking third-party storage): one id for as long as the page lives.
    memory ??= randomId();
    return memory;
  }
}
