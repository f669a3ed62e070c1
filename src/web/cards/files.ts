/** Hands a file made on demand (the printable cards) to the phone: a download it can open or print. */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // Long enough for the browser to have taken the bytes.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
