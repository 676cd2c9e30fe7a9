import { parseArgs } from 'node:util';
import { checkDefinitionFiles, problemText } from '../../shared/definitions/index.ts';
import { presets } from '../../shared/presets/index.ts';
import type { DatasetSchema } from '../../shared/schema.ts';
import { commonOptions, out, UsageError } from '../args.ts';
import { connect } from '../connect.ts';
import { readDefinitionFiles } from '../definitions.ts';

const USAGE = 'usage: sluice datasets list | show NAME | check DIR';

/** `sluice datasets check DIR` (no server: exit 0 when every definition is right, 2 otherwise), `list`, `show NAME`. */
export async function datasetsCommand(rest: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: commonOptions });
  const [action, arg] = positionals;
  switch (action) {
    case 'check': {
      if (!arg) throw new UsageError('datasets check needs a folder of definition files');
      const files = await readDefinitionFiles(arg).catch((e: Error) => { throw new UsageError(`cannot read ${arg}: ${e.message}`); });
      const { datasets, problems } = checkDefinitionFiles(files, Object.values(presets));
      out(values.json, { files: files.map((f) => f.file), datasets: datasets.map((d) => d.name), problems },
        problems.length
          ? problems.map(problemText).join('\n')
          : `${files.length} file(s), ${datasets.length} dataset(s): ${datasets.map((d) => d.name).join(', ') || 'none'}; no mistakes`);
      return problems.length ? 2 : 0;
    }
    case 'list': {
      const { datasets: list } = await (await connect(values)).get<{ datasets: DatasetSchema[] }>('/api/datasets');
      out(values.json, list, list.map((d) => `${d.name.padEnd(20)} ${d.label}${d.description ? ` — ${d.description}` : ''}`).join('\n'));
      return 0;
    }
    case 'show': {
      if (!arg) throw new UsageError('datasets show needs a dataset name');
      const d = await (await connect(values)).get<DatasetSchema>(`/api/datasets/${encodeURIComponent(arg)}`);
      const fields = d.fields.map((f) => `  ${f.name.padEnd(20)} ${f.type.padEnd(9)}${f.required ? ' required' : ''}${f.label && f.label !== f.name ? `  (${f.label})` : ''}`);
      out(values.json, d, [`${d.name}: ${d.label} (version ${d.version})`, ...fields, `duplicates by: ${d.keys.map((k) => k.join(' + ')).join(', or ')}`].join('\n'));
      return 0;
    }
    default:
      throw new UsageError(USAGE);
  }
}
