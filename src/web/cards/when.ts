import { vietnamTimeZone } from '../../shared/days.js';
import { formatDateTime } from '../../shared/i18n/format.js';
import { language } from '../i18n/i18n.js';

/** When a card was printed or used, in Vietnam time. */
export const when = (iso: string) => formatDateTime(language.value, iso, vietnamTimeZone);
