/** `sluice export`: streams a dataset's records from the server to a file or stdout. */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { extname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { parseArgs } from 'node:util';
import { DEFAULT_EXPORT_FORMAT, EXPORT_FORMATS, isExportFormat } from '../../shared/api/index.ts';
import { commonOptions } from '../args.ts';
import { ApiCallError, type SluiceClient } from '../client.ts';
import { connect } from '../connect.ts';

export interface ExportArgs {
  dataset: string;
  /** csv unless given, or the --out file's extension when that is a format. */
  format?: string;
  columns?: string;
  /** Filter parameters of the API, `name=value` each (`status=NEW`, `score_min=50`). */
  where: string[];
  out?: string;
}

export interface ExportSummary {
  dataset: string;
  format: string;
  rows: number;
  bytes: number;
  file: string | null;
}

/** Thrown for command-line mistakes (exit code 2 with usage). */
export class ExportUsageError extends Error {}

/** The query string of an export request. */
export function exportQuery(args: ExportArgs): { format: string; query: URLSearchParams } {
  const fromOut = args.out ? extname(args.out).slice(1).toLowerCase() : '';
  const format = (args.format ?? (isExportFormat(fromOut) ? fromOut : DEFAULT_EXPORT_FORMAT)).toLowerCase();
  if (!isExportFormat(format)) throw new ExportUsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
  const query = new URLSearchParams({ format });
  if (args.columns) query.set('columns', args.columns);
  for (const w of args.where) {
    const at = w.indexOf('=');
    if (at < 1) throw new ExportUsageError(`--where takes "field=value" (or field_min=, field_from=, field_contains=…), got "${w}"`);
    query.append(w.slice(0, at), w.slice(at + 1));
  }
  return { format, query };
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/**
 * Runs an export. The body streams straight to disk (into `<out>.part`, renamed when complete,
 * so an interrupted export never leaves a file that looks whole) or to stdout. On a TTY, stderr
 * shows bytes received, rate and the number of rows the server said match.
 */
export async function runExport(api: SluiceClient, args: ExportArgs, stderr: NodeJS.WriteStream = process.stderr): Promise<ExportSummary> {
  const { format, query } = exportQuery(args);
  const url = new URL(`/api/datasets/${encodeURIComponent(args.dataset)}/export?${query}`, api.opts.server);
  let res: Response;
  try {
    res = await fetch(url, { headers: api.opts.token ? { authorization: `Bearer ${api.opts.token}` } : {} });
  } catch (err) {
    throw new ApiCallError(0, 'unreachable', `cannot reach ${api.opts.server}: ${(err as Error).message}`);
  }
  if (!res.ok || !res.body) {
    const text = await res.text();
    let error: { code?: string; message?: string; details?: unknown } | undefined;
    try { error = (JSON.parse(text) as { error?: typeof error }).error; } catch { /* not JSON */ }
    throw new ApiCallError(res.status, error?.code ?? 'http_error', error?.message ?? `export answered ${res.status}`, error?.details);
  }
  const rows = Number(res.headers.get('x-total-count') ?? 0);
  const started = Date.now();
  let bytes = 0;
  let shown = 0;
  const tty = Boolean(stderr.isTTY);
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      const now = Date.now();
      if (tty && now - shown > 100) {
        shown = now;
        const rate = bytes / Math.max(0.001, (now - started) / 1000);
        stderr.write(`\r\x1b[Kexporting ${args.dataset} (${rows.toLocaleString('en-US')} rows): ${megabytes(bytes)}  ${megabytes(rate)}/s`);
      }
      done(null, chunk);
    },
  });
  const body = Readable.fromWeb(res.body as unknown as NodeReadableStream<Uint8Array>);
  try {
    if (args.out) {
      const part = `${args.out}.part`;
      try {
        await pipeline(body, counter, createWriteStream(part));
      } catch (err) {
        await rm(part, { force: true });
        throw err;
      }
      await rename(part, args.out);
    } else {
      await pipeline(body, counter, process.stdout, { end: false });
    }
  } catch (err) {
    const what = args.out ? `${args.out} was not written` : 'the output is incomplete';
    throw new ApiCallError(0, 'export_interrupted', `the export stopped before the end (${(err as Error).message}); ${what}`);
  } finally {
    if (tty) stderr.write('\r\x1b[K');
  }
  return { dataset: args.dataset, format, rows, bytes, file: args.out ?? null };
}

export function formatExportSummary(s: ExportSummary): string {
  return `exported ${s.rows.toLocaleString('en-US')} ${s.dataset} record${s.rows === 1 ? '' : 's'} as ${s.format} (${megabytes(s.bytes)})${s.file ? ` to ${s.file}` : ''}`;
}

/** The `sluice export` command: exit 0 when the whole export was written, 2 otherwise. */
export async function exportCommand(rest: string[]): Promise<number> {
  const { values } = parseArgs({ args: rest, options: {
    ...commonOptions, dataset: { type: 'string' }, format: { type: 'string' }, columns: { type: 'string' },
    where: { type: 'string', multiple: true }, out: { type: 'string' },
  } });
  const api = await connect(values);
  if (!values.dataset) {
    process.stderr.write('sluice: export needs --dataset NAME\n');
    return 2;
  }
  let summary: ExportSummary;
  try {
    summary = await runExport(api, {
      dataset: values.dataset, format: values.format, columns: values.columns, where: values.where ?? [], out: values.out,
    });
  } catch (err) {
    if (!(err instanceof ExportUsageError)) throw err;
    process.stderr.write(`sluice: ${err.message}\n`);
    return 2;
  }
  // stdout carries the data when there is no --out: the summary goes to stderr then
  if (values.json && values.out) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  else process.stderr.write(formatExportSummary(summary) + '\n');
  return 0;
}
