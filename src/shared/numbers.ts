/** Percentages as officials read them on the ranking page and its printout: Vietnamese decimal comma, one decimal. */
export const percentText = (n: number) => `${n.toLocaleString('vi-VN', { maximumFractionDigits: 1 })}%`;
