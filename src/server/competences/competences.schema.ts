import Type from 'typebox';

const Named = { code: Type.String(), nameVi: Type.String(), nameEn: Type.String() };
export const Framework = Type.Object({
  framework: Type.String(),
  domains: Type.Array(Type.Object({ ...Named, competences: Type.Array(Type.Object(Named)) })),
}, {
  examples: [
    {
      framework: 'Khung năng lực số cho người học — Thông tư 02/2025/TT-BGDĐT',
      domains: [
        {
          code: '1',
          nameVi: 'Khai thác dữ liệu và thông tin',
          nameEn: 'Information and data literacy',
          competences: [{ code: '1.1', nameVi: 'Duyệt, tìm kiếm và lọc dữ liệu, thông tin và nội dung số', nameEn: 'Browsing, searching and filtering data, information and digital content' }],
        },
      ],
    },
  ],
});
