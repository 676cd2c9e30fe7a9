import Papa from 'papaparse';

/** Baseline for B1: papaparse (non-worker mode, chunked File reads) in a worker, rows counted and dropped. */
self.onmessage = (e: MessageEvent<File>) => {
  let rows = 0;
  const t0 = performance.now();
  if (e.data.size === 0) { postMessage({ rows: 0, ms: 0 }); return; }
  Papa.parse<string[]>(e.data, {
    chunkSize: 1024 * 1024,
    chunk: (res) => { rows += res.data.length; },
    complete: () => postMessage({ rows, ms: performance.now() - t0 }),
    error: (err) => postMessage({ error: String(err) }),
  });
};
