import Type from 'typebox';

const Named = { code: Type.String(), nameVi: Type.String(), nameEn: Type.String() };
export const Framework = Type.Object({
  framework: Type.String(),
  domains: Type.Array(Type.Object({ ...Named, competences: Type.Array(Type.Object(Named)) })),
});
