import { knownHeaders, mapHeaders } from '../../../shared/mapping/index.ts';
import { RowProcessor } from '../../../shared/pipeline.ts';
import { clients } from '../../../shared/presets/clients.ts';
import { packBlock } from '../../../web/staging/db.ts';
import { emptyCounts, flagsOf } from '../../../web/staging/rows.ts';
import { openFileSource } from '../../../web/worker/read-file.ts';
import { wireColumns } from '../../../shared/pipeline.ts';
import { DEFAULT_BLOCK_SIZE, processBlocks } from '../../../web/worker/stage.ts';

/**
 * B1's floor: staging's own code in a worker (the same reads, parse, pipeline, blocks, packing
 * and flags as web/worker/stage.ts) with IndexedDB left out: each packed block is dropped.
 * What staging would take if storing cost nothing.
 */
self.onmessage = async (e: MessageEvent<File>) => {
  const t0 = performance.now();
  if (e.data.size === 0) { postMessage({ rows: 0, ms: 0 }); return; }
  try {
    const source = await openFileSource(e.data, { knownHeaders: knownHeaders(clients) });
    const { mapping } = mapHeaders(source.headers, clients);
    const columns = wireColumns(clients, mapping);
    const counts = emptyCounts();
    let flaggedInvalid = 0; // what staging's flags record holds: the bench checks it against the counts
    for await (const block of processBlocks(source.records, new RowProcessor(clients, mapping, {}), columns, 'floor', DEFAULT_BLOCK_SIZE, counts)) {
      packBlock(block);
      flaggedInvalid += flagsOf(block).error.length;
    }
    postMessage({ rows: counts.total, invalid: counts.invalid, flaggedInvalid, ms: performance.now() - t0 });
  } catch (err) {
    postMessage({ error: String(err) });
  }
};
