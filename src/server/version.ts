/** The platform's version, as package.json states it: in metrics' build info and in backup manifests. */
import { readFileSync } from 'node:fs';

export const platformVersion = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
