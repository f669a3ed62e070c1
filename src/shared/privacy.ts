/** Changing the personal data notice's text means a new version; consents record the version people saw. */
export const privacyNoticeVersion = '2026-11-24';

/**
 * What a person may consent to. `account` is what holding an account needs (the notice's purposes: the account,
 * progress, certificates, figures): withdrawing it erases the account. `updates` (texts about new courses and
 * campaigns) is optional: given and withdrawn on the profile at will.
 */
export const consentPurposes = ['account', 'updates'] as const;
export type ConsentPurpose = (typeof consentPurposes)[number];
export const essentialPurpose: ConsentPurpose = 'account';

/** What a helper or manager may ask on a person's behalf, executed only with the code texted to the person. */
export const privacyRequestKinds = ['export', 'withdraw', 'delete'] as const;
export type PrivacyRequestKind = (typeof privacyRequestKinds)[number];
