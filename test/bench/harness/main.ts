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

/**
 * Runs the file through a fresh worker, once an empty file has warmed it (worker started, module
 * loaded), so only the run itself is timed; ms measured in the page.
 */
async function timedInWorker(start: () => Worker, name: string, warm: string) {
  const file = await fileOf(name);
  const worker = start();
  try {
    await runIn(worker, new File([''], warm));
    const t0 = performance.now();
    const r = await runIn(worker, file);
    return { ...r, ms: performance.now() - t0 };
  } finally {
    worker.terminate();
  }
}

// each `new Worker(new URL(…))` stays written out: that is the form the bundler follows
const bench = {
  /** Parses the file with papaparse, doing nothing with the rows. */
  papaparse: (name: string) => timedInWorker(() => new Worker(new URL('./papa-worker.ts', import.meta.url), { type: 'module' }), name, 'warm.csv'),
  /** B1's floor: staging's code with IndexedDB left out (floor-worker.ts). */
  stagingFloor: (name: string) => timedInWorker(() => new Worker(new URL('./floor-worker.ts', import.meta.url), { type: 'module' }), name, 'warm.csv'),
  /** SheetJS read(dense) + sheet_to_json(header: 1). */
  sheetjs: (name: string) => timedInWorker(() => new Worker(new URL('./sheet-worker.ts', import.meta.url), { type: 'module' }), name, 'warm.txt'),
};

(window as unknown as { bench: typeof bench }).bench = bench;
