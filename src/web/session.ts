/**
 * Who is signed in, shared by every page: null when nobody is, undefined while
 * asking the server. A signal, so that whatever reads it re-renders when someone
 * signs in or out.
 */
import { signal } from '@preact/signals';
import type { MeResponse } from '../server/me/me.schema.js';

export type Me = MeResponse;

export const session = signal<Me | null | undefined>(undefined);
