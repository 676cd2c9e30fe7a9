/** One line of text and its 1-based line number. */
export interface NumberedLine {
  line: number;
  text: string;
}

/**
 * Splits text pieces into lines (LF, CR LF or CR), numbered from 1, whatever the piece
 * boundaries. A final empty line after the last line break is not reported.
 */
export async function* splitLines(pieces: AsyncIterable<string> | Iterable<string>): AsyncGenerator<NumberedLine> {
  let line = 0;
  let pending = '';
  let pendingCr = false; // the previous piece ended with CR: a LF opening this one belongs to it
  for await (const piece of pieces) {
    let start = 0;
    if (pendingCr && piece.startsWith('\n')) start = 1;
    pendingCr = false;
    let i = start;
    while (i < piece.length) {
      const code = piece.charCodeAt(i);
      if (code !== 10 && code !== 13) {
        i++;
        continue;
      }
      const text = pending + piece.slice(start, i);
      pending = '';
      yield { line: ++line, text };
      if (code === 13) {
        if (i + 1 === piece.length) pendingCr = true;
        else if (piece.charCodeAt(i + 1) === 10) i++;
      }
      start = ++i;
    }
    pending += piece.slice(start);
  }
  if (pending !== '') yield { line: ++line, text: pending };
}
