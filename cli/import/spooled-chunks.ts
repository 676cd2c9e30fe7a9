import { gunzipSync } from 'node:zlib';
import type { ChunkBody } from '../../shared/chunk/index.ts';
import type { ChunkSource, LeftOut } from '../../shared/client/index.ts';
import type { ChunkSpool } from '../spool.ts';
import { readRowKeys } from './row-keys.ts';

/**
 * The spool as the upload session's chunk source. A chunk sent whole goes as spooled (gzipped
 * once, in pass 1); one with rows left out is rebuilt from the spooled body without them.
 */
export function spooledChunks(spool: ChunkSpool): ChunkSource {
  return {
    count: spool.chunks.length,
    rowCount: (n) => spool.chunks[n]!.rows,
    async rowKeys(n) {
      return readRowKeys(await spool.readKeys(n));
    },
    async chunk(n, leaveOut) {
      const gzipped = await spool.read(n);
      if (!leaveOut?.size) return { gzipped, sha256: spool.chunks[n]!.sha256 };
      const whole = JSON.parse(gunzipSync(gzipped).toString('utf8')) as ChunkBody;
      const body: ChunkBody = { columns: whole.columns, rows: [], rowNumbers: [] };
      whole.rows.forEach((cells, i) => {
        if (leaveOut.has(i)) return;
        body.rows.push(cells);
        body.rowNumbers.push(whole.rowNumbers[i]!);
      });
      return { body };
    },
  };
}

/** How many of the rows left out repeat an earlier row of the file (their verdict is `duplicate`, not `skip`). */
export async function repeatsAmong(spool: ChunkSpool, leftOut: LeftOut): Promise<number> {
  let n = 0;
  for (const [chunk, rows] of leftOut) {
    for (const row of readRowKeys(await spool.readKeys(chunk))) if (row.duplicate && rows.has(row.index)) n++;
  }
  return n;
}
