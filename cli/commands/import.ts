import { parseArgs } from 'node:util';
import { MERGE_STRATEGIES, type MergeStrategy } from '../../shared/schema.ts';
import { commonOptions, out, UsageError } from '../args.ts';
import { connect } from '../connect.ts';
import { formatSummary, runImport } from '../import/run.ts';

/** `sluice import`: exit 0 when every row was imported, 1 when rows were rejected. */
export async function importCommand(rest: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: {
    ...commonOptions,
    dataset: { type: 'string' }, merge: { type: 'string' }, 'dry-run': { type: 'boolean', default: false },
    'batch-size': { type: 'string' }, map: { type: 'string', multiple: true }, set: { type: 'string', multiple: true }, sheet: { type: 'string' },
    country: { type: 'string' }, 'date-order': { type: 'string' }, concurrency: { type: 'string' },
    'retry-for': { type: 'string' }, again: { type: 'boolean', default: false },
    encoding: { type: 'string' }, 'header-row': { type: 'string' }, 'no-header': { type: 'boolean', default: false },
  } });
  const file = positionals[0];
  if (!file || !values.dataset) throw new UsageError('import needs a file and --dataset NAME');
  if (values.merge && !MERGE_STRATEGIES.includes(values.merge as MergeStrategy)) throw new UsageError(`--merge must be one of ${MERGE_STRATEGIES.join(', ')}`);
  const batchSize = Number(values['batch-size'] ?? 2000);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 50_000) throw new UsageError('--batch-size must be from 1 to 50000');
  const map: Record<string, string> = Object.create(null);
  for (const m of values.map ?? []) {
    const at = m.lastIndexOf('=');
    if (at < 1) throw new UsageError(`--map takes "header=field", got ${m}`);
    map[m.slice(0, at)] = m.slice(at + 1);
  }
  const set: Record<string, string> = Object.create(null);
  for (const m of values.set ?? []) {
    const at = m.indexOf('=');
    if (at < 1) throw new UsageError(`--set takes "field=value" (the same value for every row), got ${m}`);
    set[m.slice(0, at)] = m.slice(at + 1);
  }
  const dateOrder = values['date-order'];
  if (dateOrder && dateOrder !== 'dmy' && dateOrder !== 'mdy') throw new UsageError('--date-order must be dmy or mdy');
  const country = values.country?.toUpperCase();
  if (country && !/^[A-Z]{2}$/.test(country)) throw new UsageError('--country takes a 2-letter country code like FR');
  const headerRow = values['no-header'] ? 0 : values['header-row'] === undefined ? undefined : Number(values['header-row']);
  if (values['no-header'] && values['header-row'] !== undefined) throw new UsageError('--header-row and --no-header cannot go together');
  if (headerRow !== undefined && (!Number.isInteger(headerRow) || headerRow < 0)) throw new UsageError('--header-row takes a row number (1 for the first row)');
  const api = await connect(values, Number(values['retry-for'] ?? 300) * 1000);
  const summary = await runImport(api, {
    file, dataset: values.dataset, merge: values.merge as MergeStrategy | undefined, dryRun: values['dry-run'],
    batchSize, map, sheet: values.sheet,
    options: {
      ...(country ? { defaultCountry: country } : {}), ...(dateOrder ? { dateOrder: dateOrder as 'dmy' | 'mdy' } : {}),
      ...(Object.keys(set).length ? { values: { ...set } } : {}),
    },
    concurrency: Math.max(1, Math.min(8, Number(values.concurrency ?? 3) || 3)),
    again: values.again,
    ...(values.encoding === undefined ? {} : { encoding: values.encoding }),
    ...(headerRow === undefined ? {} : { headerRow }),
  }, (line) => { if (!values.json) process.stderr.write(line + '\n'); });
  out(values.json, summary, formatSummary(summary));
  return summary.invalid + summary.conflicts > 0 ? 1 : 0;
}
