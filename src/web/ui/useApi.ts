import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';

/** Loads a GET resource for a page; reloads when the path changes. */
export function useApi<T>(path: string | null) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!path) return;
    let current = true;
    setError(null);
    api<T>('GET', path).then(
      (result) => current && setData(result),
      (caught: unknown) => current && setError(caught instanceof ApiError ? caught : new ApiError(0, 'internal', String(caught))),
    );
    return () => {
      current = false;
    };
  }, [path, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, loading: data === undefined && error === null, reload, setData };
}
