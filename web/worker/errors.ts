import { transferHandlers, type TransferHandler } from 'comlink';

/**
 * Comlink sends a thrown Error across as `{message, name, stack}` only. This keeps the fields
 * the UI branches on (ParseError's `code`, `row`, `column`, `file`; ApiCallError's `status`):
 * the bridge side rebuilds the Error with `Object.assign`, so they arrive as own properties.
 */
export function keepErrorDetails(): void {
  const original = transferHandlers.get('throw') as TransferHandler<{ value: unknown }, unknown>;
  transferHandlers.set('throw', {
    canHandle: original.canHandle,
    deserialize: original.deserialize,
    serialize(thrown: { value: unknown }) {
      const [serialized, transfer] = original.serialize(thrown);
      const err = thrown.value;
      if (err instanceof Error && typeof serialized === 'object' && serialized !== null) {
        const extra: Record<string, unknown> = {};
        for (const k of ['code', 'row', 'column', 'file', 'status'] as const) {
          const v = (err as unknown as Record<string, unknown>)[k];
          if (typeof v === 'string' || typeof v === 'number') extra[k] = v;
        }
        Object.assign((serialized as { value: object }).value, extra);
      }
      return [serialized, transfer];
    },
  } as TransferHandler<unknown, unknown>);
}
