import * as XLSX from '@e965/xlsx';

/** Baseline for B4: SheetJS read (dense) + sheet_to_json (arrays) of the first sheet, rows counted. */
self.onmessage = async (e: MessageEvent<File>) => {
  try {
    if (e.data.size === 0) { postMessage({ rows: 0, ms: 0 }); return; }
    const t0 = performance.now();
    const wb = XLSX.read(new Uint8Array(await e.data.arrayBuffer()), { dense: true });
    const rows = XLSX.utils.sheet_to_json(wb.Sheets[wb.SheetNames[0]!]!, { header: 1 }).length;
    postMessage({ rows, ms: performance.now() - t0 });
  } catch (err) {
    postMessage({ error: String(err) });
  }
};
