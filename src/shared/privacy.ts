/** Changing the personal data notice's text means a new version; consents record the version people saw. */
export const privacyNoticeVersion = '2026-11-24';
