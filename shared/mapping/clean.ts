/** A header as written, trimmed, with a UTF-8 BOM removed from the first one. */
export function cleanHeader(header: string | null | undefined, index: number): string {
  const text = String(header ?? '');
  return (index === 0 && text.startsWith('\uFEFF') ? text.slice(1) : text).trim();
}
