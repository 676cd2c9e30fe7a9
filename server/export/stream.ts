import type { ExportRow, ExportWriter } from './formats/format.ts';

/**
 * The response body of an export. Pull-based: the next batch is fetched from the database
 * cursor only when the client has taken the previous one (the socket drained), so a slow
 * client slows the query instead of filling memory. A client that goes away closes the
 * cursor; an error mid-way errors the stream, which aborts the response (a truncated file is
 * never sent as if it were complete).
 */
export function exportStream(cursor: AsyncIterable<ExportRow[]>, writer: ExportWriter): ReadableStream<Uint8Array> {
  const batches = cursor[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  let started = false;
  let finished = false;
  let pending: Promise<unknown> | undefined;
  // The driver's cursor closes only between batches: a close while a batch is on its way must
  // wait for it, or the cursor (and with it a connection, PGlite's only one) stays open.
  const close = async () => {
    if (finished) return;
    finished = true;
    await pending?.catch(() => {});
    await batches.return?.();
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        // loop until something is enqueued: a pull that enqueues nothing is not called again
        for (;;) {
          let piece: string | Uint8Array;
          if (!started) {
            started = true;
            piece = writer.head();
          } else {
            const fetching = batches.next();
            pending = fetching;
            const next = await fetching;
            pending = undefined;
            if (finished) return; // the client went away meanwhile; close() ends the cursor
            if (next.done) {
              finished = true;
              const tail = writer.tail();
              if (tail.length) controller.enqueue(typeof tail === 'string' ? encoder.encode(tail) : tail);
              controller.close();
              return;
            }
            piece = writer.rows(next.value);
          }
          if (piece.length) {
            controller.enqueue(typeof piece === 'string' ? encoder.encode(piece) : piece);
            return;
          }
        }
      } catch (err) {
        console.error('export failed mid-stream:', err);
        await close().catch(() => {});
        controller.error(err);
      }
    },
    cancel: close,
  });
}
