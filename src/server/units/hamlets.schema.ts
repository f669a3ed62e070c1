import Type, { type Static } from 'typebox';
import { limits } from '../../shared/limits.js';
import { exampleUnits, IsoDay, Nullable } from '../http/schemas.js';

/** Longest hamlet or team name: "Tổ công nghệ số cộng đồng khóm Đông Thịnh" is 41 characters. */
export const nameMaxLength = 100;

const exampleHamlet = { code: '30307.H1', name: 'Khóm Đông Thịnh', fullName: 'Khóm Đông Thịnh, Phường Long Xuyên', retiredOn: null };

export const Hamlet = Type.Object(
  {
    code: Type.String(),
    name: Type.String(),
    fullName: Type.String({ description: 'The name with its commune, ward or special zone' }),
    retiredOn: Nullable(IsoDay, { description: 'The last day the hamlet existed; null while it exists' }),
  },
  { examples: [exampleHamlet] },
);
export type Hamlet = Static<typeof Hamlet>;

export const HamletList = Type.Object(
  { unit: Type.Object({ code: Type.String(), fullName: Type.String() }), hamlets: Type.Array(Hamlet) },
  { examples: [{ unit: { code: exampleUnits.binhDuc.code, fullName: exampleUnits.binhDuc.fullName }, hamlets: [{ ...exampleHamlet, code: '30292.H1', fullName: 'Khóm Đông Thịnh, Phường Bình Đức' }] }] },
);

export const HamletListQuery = Type.Object(
  { retired: Type.Optional(Type.Boolean({ description: 'Also list retired hamlets' })) },
  { additionalProperties: false },
);

export const NewHamlet = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: nameMaxLength, description: 'As people say it, with its kind: "Ấp Mỹ Thạnh", "Khóm Đông Thịnh"' }),
    hamletCode: Type.Optional(
      Type.String({ maxLength: limits.unitCodeMaxLength, description: 'Optional; letters, digits, dot, dash. Without it the platform makes one: <commune code>.H<n>' }),
    ),
  },
  { additionalProperties: false, examples: [{ name: 'Khóm Đông Thịnh' }, { name: 'Ấp Mỹ Thạnh', hamletCode: '30313.MT' }] },
);

export const HamletPatch = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: nameMaxLength }) },
  { additionalProperties: false, examples: [{ name: 'Khóm Đông Thịnh A' }] },
);

export const HamletCodeParams = Type.Object({ code: Type.String({ maxLength: limits.unitCodeMaxLength }) });
