/** Who is signed in, shared by every page; null when nobody is, undefined while asking the server. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { MeResponse } from '../server/me/me.schema.js';

export type Me = MeResponse;

export interface SessionState {
  me: Me | null | undefined;
  setMe(me: Me | null): void;
}

export const SessionContext = createContext<SessionState>({ me: undefined, setMe: () => {} });

export function useSession(): SessionState {
  return useContext(SessionContext);
}
