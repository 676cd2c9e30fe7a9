/** Bytes hashed from each end of the file. */
const END_BYTES = 1024 * 1024;

/**
 * SHA-256 (hex) of a file's first and last MiB plus its size: cheap on a 1 GB file, and enough to
 * check that the file picked again to resume an import is the one that was staged.
 */
export async function fileFingerprint(file: Blob): Promise<string> {
  const head = await file.slice(0, Math.min(file.size, END_BYTES)).arrayBuffer();
  const tail = await file.slice(Math.max(0, file.size - END_BYTES)).arrayBuffer();
  const size = new TextEncoder().encode(`:${file.size}`);
  const all = new Uint8Array(head.byteLength + tail.byteLength + size.byteLength);
  all.set(new Uint8Array(head), 0);
  all.set(new Uint8Array(tail), head.byteLength);
  all.set(size, head.byteLength + tail.byteLength);
  const digest = await crypto.subtle.digest('SHA-256', all);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
