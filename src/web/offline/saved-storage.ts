/**
 * localStorage for the saved courses and offline attempts. Inside a frame whose browser blocks third-party storage,
 * localStorage is refused altogether: what is recorded then lives as long as the page (as the outbox does).
 */
export const pageStorage: Pick<Storage, 'getItem' | 'setItem'> = (() => {
  try {
    return localStorage;
  } catch {
    const memory = new Map<string, string>();
    return { getItem: (key: string) => memory.get(key) ?? null, setItem: (key: string, value: string) => void memory.set(key, value) };
  }
})();
