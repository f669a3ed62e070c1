import { useCallback, useEffect, useState } from 'preact/hooks';
import { type Answer, ApiError, api, type Call, type CallArgs, type Route, urlOf } from '../api.js';

/**
 * Loads a GET route of the endpoint map for a page; reloads when the URL changes.
 * A null route waits (e.g. until the person is known).
 */
export function useApi<R extends Route>(route: R | null, ...[call]: CallArgs<R>) {
  const [data, setData] = useState<Answer<R> | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [version, setVersion] = useState(0);
  const url = route ? urlOf(route, call as Call<R> | undefined) : null;
  useEffect(() => {
    if (!route) return;
    let current = true;
    setError(null);
    (api as (route: R, call?: Call<R>) => Promise<Answer<R>>)(route, call as Call<R> | undefined).then(
      (result) => current && setData(result),
      (caught: unknown) => current && setError(caught instanceof ApiError ? caught : new ApiError(0, 'internal', String(caught))),
    );
    return () => {
      current = false;
    };
    // The URL stands for route and call together.
  }, [url, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, loading: data === undefined && error === null, reload, setData };
}
