import { ParseError } from './errors.ts';

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
export function createDecoder(encoding: string, fatal = false): StreamingDecoder {
  return new Decoder(encoding, { ignoreBOM: true, fatal });
}

/**
 * Decodes byte pieces into text pieces with one streaming TextDecoder, so a multi-byte character
 * split between two pieces comes out whole. Skips `skipBytes` at the start (the BOM).
 * Pulls the next byte piece only when the consumer asks for more text. UTF-8 and UTF-16 are
 * decoded strictly: bytes that are not valid there (past the sample the encoding was chosen
 * from) throw a DECODING_FAILED ParseError naming the line, rather than slipping U+FFFD into values.
 */
export async function* decodeText(
  pieces: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  encoding: string,
  skipBytes = 0,
  opts: { file?: string } = {},
): AsyncGenerator<string> {
  const strict = /^utf-?(8|16)/i.test(encoding);
  const decoder = createDecoder(encoding, strict);
  let line = 1;
  let toSkip = skipBytes;
  for await (const piece of pieces) {
    let bytes = piece;
    if (toSkip > 0) {
      const n = Math.min(toSkip, bytes.length);
      bytes = bytes.subarray(n);
      toSkip -= n;
    }
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: true });
    } catch (err) {
      const loose = createDecoder(encoding).decode(bytes, { stream: true });
      throw decodingFailed(encoding, line + countLines(loose.slice(0, Math.max(0, loose.indexOf('\uFFFD')))), opts.file, err);
    }
    line += countLines(text);
    if (text !== '') yield text;
  }
  let rest: string;
  try {
    rest = decoder.decode();
  } catch (err) {
    throw decodingFailed(encoding, line, opts.file, err);
  }
  if (rest !== '') yield rest;
}

/** Line breaks in a text (CR LF counted once). */
function countLines(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

function decodingFailed(encoding: string, line: number, file: string | undefined, cause: unknown): ParseError {
  return new ParseError({
    code: 'DECODING_FAILED',
    detail: `the bytes of this line are not valid ${encoding.toUpperCase()} (the encoding was chosen from the start of the file); choose the file's encoding (--encoding in the CLI)`,
    row: line,
    ...(file === undefined ? {} : { file }),
    cause,
  });
}
