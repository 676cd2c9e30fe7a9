import '../../web/harness/main.ts';

/**
 * Benchmark harness page: the worker test harness (window.harness: sniff, stage, upload through
 * the real worker and bridge) plus window.bench, the baselines run in a worker of their own on
 * the same file: papaparse alone (B1), staging's code without IndexedDB (B1's floor), and
 * SheetJS read(dense) + sheet_to_json alone (B4).
 */

async function fileOf(name: string): Promise<File> {
  const res = await fetch(`/${name}`);
  if (!res.ok) throw new Error(`no file ${name}`);
  return new File([await res.blob()], name);
}

function runIn(worker: Worker, file: File): Promise<{ rows: number; ms: number; invalid?: number; flaggedInvalid?: number }> {
  return new Promise((ok, fail) => {
    worker.onmessage = (e: MessageEvent) => (e.data.error ? fail(new Error(e.data.error)) : ok(e.data));
    worker.onerror = (e) => fail(new Error(e.message));
    worker.postMessage(file);
  });
}

const bench = {
  /** Parses the file with papaparse in a fresh worker, doing nothing with the rows; ms measured in the page. */
  async papaparse(name: string) {
    const file = await fileOf(name);
    const worker = new Worker(new URL('./papa-worker.ts', import.meta.url), { type: 'module' });
    try {
      await runIn(worker, new File([''], 'warm.csv')); // worker started and module loaded before timing
      const t0 = performance.now();
      const r = await runIn(worker, file);
      return { rows: r.rows, ms: performance.now() - t0 };
    } finally {
      worker.terminate();
    }
  },
  /** B1's floor: staging's code with IndexedDB left out (floor-worker.ts), in a fresh worker. */
  async stagingFloor(name: string) {
    const file = await fileOf(name);
    const worker = new Worker(new URL('./floor-worker.ts', import.meta.url), { type: 'module' });
    try {
      await runIn(worker, new File([''], 'warm.csv'));
      const t0 = performance.now();
      const r = await runIn(worker, file);
      return { rows: r.rows, invalid: r.invalid, flaggedInvalid: r.flaggedInvalid, ms: performance.now() - t0 };
    } finally {
      worker.terminate();
    }
  },
  /** SheetJS read(dense) + sheet_to_json(header: 1) in a fresh worker. */
  async sheetjs(name: string) {
    const file = await fileOf(name);
    const worker = new Worker(new URL('./sheet-worker.ts', import.meta.url), { type: 'module' });
    try {
      await runIn(worker, new File([''], 'warm.txt'));
      const t0 = performance.now();
      const r = await runIn(worker, file);
      return { rows: r.rows, ms: performance.now() - t0 };
    } finally {
      worker.terminate();
    }
  },
};

(window as unknown as { bench: typeof bench }).bench = bench;
