/** The part of the standard TextDecoder this module needs (shared/ sees no DOM or Node types). */
interface StreamingDecoder {
  readonly encoding: string;
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
type DecoderConstructor = new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }) => StreamingDecoder;

const Decoder = (globalThis as unknown as { TextDecoder: DecoderConstructor }).TextDecoder;

/**
 * A streaming decoder for an encoding label ("utf-8", "windows-1252", "latin1"...); throws a
 * RangeError for labels the platform does not know. The BOM is kept: the caller skips it.
 */
export function createDecoder(encoding: string): StreamingDecoder {
  return new Decoder(encoding, { ignoreBOM: true });
}

/**
 * Decodes byte pieces into text pieces with one streaming TextDecoder, so a multi-byte character
 * split between two pieces comes out whole. Skips `skipBytes` at the start (the BOM).
 * Pulls the next byte piece only when the consumer asks for more text.
 */
export async function* decodeText(
  pieces: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  encoding: string,
  skipBytes = 0,
): AsyncGenerator<string> {
  const decoder = createDecoder(encoding);
  let toSkip = skipBytes;
  for await (const piece of pieces) {
    let bytes = piece;
    if (toSkip > 0) {
      const n = Math.min(toSkip, bytes.length);
      bytes = bytes.subarray(n);
      toSkip -= n;
    }
    const text = decoder.decode(bytes, { stream: true });
    if (text !== '') yield text;
  }
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}
