import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A part of a page fetched after the page has shown, outside the first bundle (a suspending lazy() would hold the whole
 * page back): for blocks below the main content that most visits do not need.
 */
export function Later({ load }: { load: () => Promise<ComponentType> }) {
  const [Part, setPart] = useState<ComponentType | null>(null);
  useEffect(() => {
    void load().then((part) => setPart(() => part));
  }, []);
  return Part ? <Part /> : null;
}
