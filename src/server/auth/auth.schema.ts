import Type from 'typebox';
import { limits } from '../../shared/limits.js';

const Phone = Type.String({ minLength: 1, maxLength: limits.phoneInputMaxLength, description: 'Vietnamese mobile: 0912345678, +84912345678 or 84 912 345 678' });

/**
 * Consent is valid only as the JSON boolean true. The app's ajv coerces types
 * (query strings need it), which for a boolean schema turns "true", 1 and "1"
 * into true; a schema without a type is left exactly as sent, and the service
 * takes nothing but `true`, answering anything else with the consent message.
 */
const Consent = (description: string) => Type.Optional(Type.Unsafe<unknown>({ description: `${description}. Only the JSON boolean true counts.` }));

export const RegisterBody = Type.Object(
  {
    phone: Phone,
    password: Type.String({ minLength: 1, maxLength: limits.passwordMaxLength }),
    fullName: Type.String({ minLength: 1, maxLength: limits.fullNameMaxLength }),
    birthYear: Type.Integer(),
    unitCode: Type.String({ minLength: 1, maxLength: limits.unitCodeMaxLength, description: 'Code of the commune, ward or special zone where the person lives' }),
    consent: Consent('Must be true: the person accepts the personal data notice (never pre-ticked)'),
  },
  {
    additionalProperties: false,
    examples: [{ phone: '0912 345 678', password: 'lua-thom-mua-moi', fullName: 'Nguyễn Thị Mai', birthYear: 1968, unitCode: '30292', consent: true }],
  },
);

export const SignInBody = Type.Object(
  {
    phone: Phone,
    password: Type.String({ minLength: 1, maxLength: limits.passwordMaxLength }),
  },
  { additionalProperties: false, examples: [{ phone: '0912 345 678', password: 'lua-thom-mua-moi' }] },
);

export const ResetRequestBody = Type.Object({ phone: Phone }, { additionalProperties: false, examples: [{ phone: '0912 345 678' }] });

export const ResetConfirmBody = Type.Object(
  {
    phone: Phone,
    code: Type.String({ minLength: 1, maxLength: 12 }),
    newPassword: Type.String({ minLength: 1, maxLength: limits.passwordMaxLength }),
    consent: Consent('Required (true) when claiming an account a manager made from a members list: its owner accepts the personal data notice'),
  },
  { additionalProperties: false, examples: [{ phone: '0912 345 678', code: '482913', newPassword: 'cay-lua-vang-dong' }] },
);

export const ResetRequested = Type.Object({ status: Type.Literal('sent') }, { examples: [{ status: 'sent' }] });
