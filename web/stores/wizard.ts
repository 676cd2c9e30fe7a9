import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import { fixedValueOf, headerFingerprint, knownHeaders, mapHeaders, type HeaderMapping } from '../../shared/mapping/index.ts';
import type { ImportClientInfo, ImportJson, PlanCounts } from '../../shared/api/index.ts';
import type { DatasetSchema, ImportOptions, MergeStrategy } from '../../shared/schema.ts';
import { api, ApiError, get, post } from '../api.ts';
import { i18n } from '../i18n/index.ts';
import { fileFingerprint } from '../staging/fingerprint.ts';
import type { LocalImport, ReaderSettings, StagedCounts } from '../staging/types.ts';
import { emptyCounts } from '../staging/rows.ts';
import type { SniffResult, StageProgress, UploadProgress } from '../worker/api.ts';
import { fixedConflictOf } from './fixed-conflict.ts';
import { checkFixedText } from '../../shared/mapping/fixed.ts';
import { importValues, sameValueContext } from './same-values.ts';
import { useSession } from './session.ts';
import { bridge } from './worker.ts';

export type Step = 'file' | 'mapping' | 'preview' | 'submit';

/** An unfinished import as the server lists it, with what the browser needs to stage it again. */
export type ServerResume = ImportJson & {
  client: (ImportClientInfo & { reader: ReaderSettings; mapping: Record<string, number[]> }) | null;
};

/** The import wizard's UI state. Rows never live here: the grid pages through Dexie. */
export const useWizard = defineStore('wizard', () => {
  const step = ref<Step>('file');
  const file = shallowRef<File | null>(null);
  const schema = shallowRef<DatasetSchema | null>(null);
  const merge = ref<MergeStrategy>('skip');
  const country = ref('');
  const reader = ref<ReaderSettings>({});
  const sniffed = shallowRef<SniffResult | null>(null);
  /** header → field ('' = ignore), as the user set it */
  const manual = ref<Record<string, string>>({});
  /** field → the text typed for "same value for every row" (a key with '' = ticked, not typed yet) */
  const sameValues = ref<Record<string, string>>({});
  /** The options of the staged import (what its rows were read with). */
  const stagedOptions = shallowRef<ImportOptions>({});
  const remembered = ref(false);
  const localId = ref<string | null>(null);
  /** Wire columns of the staged import (the grid's columns). */
  const columns = ref<string[]>([]);
  const counts = ref<StagedCounts | null>(null);
  const staging = ref<StageProgress | null>(null);
  const uploading = ref<UploadProgress | null>(null);
  const serverImport = ref<ImportJson | null>(null);
  const plan = ref<PlanCounts | null>(null);
  const error = ref<string | null>(null);
  const busy = ref(false);
  let abort: AbortController | null = null;

  /** The import's `values`: the "same value for every row" texts that fix something. */
  const values = computed(() => importValues(schema.value, sameValues.value));
  /** field → what is wrong with its "same value for every row", checked like a cell. */
  const valueProblems = computed(() => {
    const problems: Record<string, NonNullable<ReturnType<typeof checkFixedText>['problem']>> = {};
    if (!schema.value) return problems;
    const ctx = sameValueContext(schema.value, country.value);
    for (const field of schema.value.fields) {
      const text = values.value[field.name];
      const problem = text === undefined ? undefined : checkFixedText(field, text, ctx).problem;
      if (problem) problems[field.name] = problem;
    }
    return problems;
  });

  const mapped = computed((): { mapping: HeaderMapping } | { error: unknown } | null => {
    if (!sniffed.value || !schema.value) return null;
    try {
      return { mapping: mapHeaders(sniffed.value.headers, schema.value, { manual: manual.value, values: values.value }) };
    } catch (e) {
      return { error: e };
    }
  });
  const mapping = computed(() => (mapped.value && 'mapping' in mapped.value ? mapped.value.mapping : null));
  /** A file column that would feed a field fixed for every row: the mapping step offers to ignore it. */
  const conflict = computed(() => {
    if (!mapped.value || !('error' in mapped.value)) return null;
    return fixedConflictOf(mapped.value.error, sniffed.value!.headers, schema.value!, manual.value, values.value);
  });
  // any other refusal of the header row is the wizard's error
  watch(mapped, (m) => {
    if (m && 'error' in m && !conflict.value) error.value = (m.error as Error).message;
  });
  /** Fields whose value every staged row got without the file: the import's values and the definition's constants. */
  const fixedFields = computed(() => (schema.value?.fields ?? []).flatMap((field) => {
    const fixed = fixedValueOf(field, stagedOptions.value);
    // the value as the rows hold it ("Website" reads as web)
    const stored = fixed && checkFixedText(field, fixed.text, sameValueContext(schema.value!, stagedOptions.value.defaultCountry ?? '')).stored;
    return fixed ? [{ field: field.name, label: field.label ?? field.name, value: stored || fixed.text, byDataset: fixed.constant !== undefined && fixed.text === fixed.constant }] : [];
  }));

  function reset() {
    step.value = 'file';
    file.value = null;
    sniffed.value = null;
    manual.value = {};
    sameValues.value = {};
    stagedOptions.value = {};
    localId.value = null;
    columns.value = [];
    counts.value = null;
    staging.value = null;
    uploading.value = null;
    serverImport.value = null;
    plan.value = null;
    error.value = null;
    reader.value = {};
  }

  async function run<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
    abort = new AbortController();
    busy.value = true;
    error.value = null;
    try {
      return await fn(abort.signal);
    } catch (e) {
      const err = e as Error;
      // out of browser storage: say so plainly; the blocks already staged stay where they are
      if (err.name === 'QuotaExceededError' || /quota/i.test(err.message ?? '')) error.value = i18n.global.t('errors.quota');
      else if (err.name !== 'AbortError') error.value = err.message;
      return undefined;
    } finally {
      busy.value = false;
      abort = null;
    }
  }

  /** Runs one preview change (edit, exclude, replace) with the busy flag and a visible error; one at a time. */
  async function apply<T>(fn: () => Promise<T>): Promise<T | undefined> {
    if (busy.value) return undefined;
    return run(() => fn());
  }

  /** Stops whatever the worker is doing (terminates it). */
  function cancel() {
    abort?.abort();
  }

  async function chooseFile(f: File) {
    file.value = f;
    reader.value = {};
    await resniff();
  }

  /** Sniffs again after the user changed encoding, separator, sheet or header row. */
  async function resniff() {
    if (!file.value || !schema.value) return;
    const result = await run((signal) => bridge.call('sniff', signal, file.value!, { ...reader.value, knownHeaders: knownHeaders(schema.value!) }));
    if (!result) return;
    sniffed.value = result;
    reader.value = { format: result.format, encoding: result.encoding, delimiter: result.delimiter, sheet: result.sheet, headerRow: result.headerRow };
    manual.value = {};
    remembered.value = false;
    try {
      const saved = await get<{ mapping: Record<string, string> }>(`/api/datasets/${schema.value.name}/mappings/${encodeURIComponent(headerFingerprint(result.headers))}`);
      manual.value = saved.mapping;
      remembered.value = true;
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) throw e;
    }
    step.value = 'mapping';
  }

  /** Stages every row of the file in IndexedDB through the worker. */
  async function stage() {
    const m = mapping.value;
    if (busy.value || !file.value || !schema.value || !m || m.missingRequired.length || Object.keys(valueProblems.value).length) return;
    busy.value = true; // before the first await: a double click must not stage twice
    // a plain copy: reactive proxies cannot be stored in IndexedDB nor posted to the worker
    const s = JSON.parse(JSON.stringify(schema.value)) as DatasetSchema;
    const f = file.value;
    // remember what the user chose for these headers
    const chosen: Record<string, string> = {};
    for (const c of m.columns) chosen[c.header] = c.field ?? '';
    await api('PUT', `/api/datasets/${s.name}/mappings/${encodeURIComponent(headerFingerprint(sniffed.value!.headers))}`, { mapping: chosen }).catch(() => {});
    let fingerprint: string;
    try {
      fingerprint = await fileFingerprint(f);
    } catch (e) {
      error.value = (e as Error).message;
      busy.value = false;
      return;
    }
    const local = newLocalImport(f, fingerprint, {
      id: crypto.randomUUID(), schema: s, merge: merge.value,
      options: { ...(country.value ? { defaultCountry: country.value } : {}), ...(Object.keys(values.value).length ? { values: { ...values.value } } : {}) },
      reader: { ...reader.value }, mapping: m.mapping,
    });
    if (await stageLocal(local, f, true)) step.value = 'preview';
  }

  /** A new local import record, not staged yet. */
  function newLocalImport(f: File, fingerprint: string, given: Pick<LocalImport, 'id' | 'schema' | 'merge' | 'options' | 'reader' | 'mapping'>): LocalImport {
    return {
      ...given, owner: useSession().owner(), createdAt: Date.now(),
      fileName: f.name, fileSize: f.size, fileLastModified: f.lastModified, fileFingerprint: fingerprint,
      dataset: given.schema.name, columns: Object.keys(given.mapping), status: 'staging', blockCount: 0,
      counts: emptyCounts(), acked: [], bytesSent: 0,
    };
  }

  /**
   * Stages `f` in the worker as the import `local` (storing its record first when `store`),
   * with progress on screen. The one path every staging takes: new, again, or from the server.
   */
  async function stageLocal(local: LocalImport, f: File, store = false): Promise<boolean> {
    file.value = f;
    localId.value = local.id;
    columns.value = local.columns;
    stagedOptions.value = local.options;
    staging.value = { rows: 0, bytes: 0, totalBytes: f.size, rowsPerSec: 0, etaSec: null };
    const result = await run(async (signal) => {
      if (store) await bridge.call('createImport', signal, local);
      return bridge.call('stage', signal,
        { importId: local.id, file: f, reader: local.reader, schema: local.schema, mapping: local.mapping, options: local.options },
        (p: StageProgress) => { staging.value = p; });
    });
    staging.value = null;
    if (result) counts.value = result;
    return result !== undefined;
  }

  async function refreshCounts() {
    if (!localId.value) return;
    const local = await bridge.call('localImport', undefined, localId.value);
    if (local) counts.value = local.counts;
  }

  /** Uploads the staged blocks, then asks the server for the plan. */
  async function submit() {
    if (!localId.value) return;
    step.value = 'submit';
    const id = localId.value;
    const done = await run((signal) => bridge.call('upload', signal, id, (p: UploadProgress) => { uploading.value = p; }));
    if (!done) return;
    await loadPlan(done.serverId);
  }

  async function loadPlan(serverId: number) {
    const res = await run(() => post<ImportJson & { plan: PlanCounts }>(`/api/imports/${serverId}/plan`));
    if (res) {
      serverImport.value = res;
      plan.value = res.plan;
      merge.value = res.merge;
    }
  }

  async function changeMerge(next: MergeStrategy) {
    if (!serverImport.value) return;
    await run(() => api('PATCH', `/api/imports/${serverImport.value!.id}`, { merge: next }));
    await loadPlan(serverImport.value.id);
  }

  async function commit() {
    if (!serverImport.value) return;
    const id = serverImport.value.id;
    const before = serverImport.value;
    serverImport.value = { ...before, status: 'committing' };
    const res = await run(() => post<ImportJson>(`/api/imports/${id}/commit`));
    if (res) {
      serverImport.value = res;
      // committed: the server holds the rows now, and the staged copy would only fill storage
      // (should this fail, the next start of the app sweeps them: the commit stands either way)
      if (localId.value) await bridge.call('finishImport', undefined, localId.value, 'done').catch((err: unknown) => console.warn('could not clear the staged rows', err));
    } else {
      // the commit failed or was refused: show what the server says now, so it can be retried
      serverImport.value = (await get<ImportJson>(`/api/imports/${id}`).catch(() => null)) ?? before;
    }
  }

  /** Picks up an import this browser staged completely: uploads what the server does not hold yet. */
  async function resume(local: LocalImport) {
    reset();
    localId.value = local.id;
    columns.value = local.columns;
    stagedOptions.value = local.options;
    schema.value = local.schema;
    merge.value = local.merge;
    counts.value = local.counts;
    await submit();
  }

  /** For a resume whose staged rows are gone: the same file must be picked again. */
  async function restageSameFile(local: LocalImport, f: File): Promise<boolean> {
    if ((await fileFingerprint(f)) !== local.fileFingerprint || f.size !== local.fileSize) return false;
    schema.value = local.schema;
    reader.value = local.reader;
    if (await stageLocal(local, f)) step.value = 'preview';
    return true;
  }

  /**
   * Resumes an import whose staged rows are gone from this browser (storage cleared, another
   * computer): checks the file is the one the server import was made from, stages it again
   * with the same settings under the same local id, and sends only what the server lacks.
   */
  async function resumeFromServer(given: ServerResume, f: File, schemaGiven: DatasetSchema): Promise<boolean> {
    // plain copies: reactive proxies cannot be stored in IndexedDB nor posted to the worker
    const server = JSON.parse(JSON.stringify(given)) as ServerResume;
    const s = JSON.parse(JSON.stringify(schemaGiven)) as DatasetSchema;
    const [expected, localKey] = (server.fingerprint ?? '').split(':');
    if (!server.client || !localKey || (await fileFingerprint(f)) !== expected) return false;
    reset();
    schema.value = s;
    merge.value = server.merge;
    const local = newLocalImport(f, expected!, {
      id: localKey, schema: s, merge: server.merge, options: server.options,
      reader: server.client.reader, mapping: server.client.mapping,
    });
    if (await stageLocal(local, f, true)) await submit();
    return true;
  }

  return {
    resumeFromServer, apply,
    step, file, columns, schema, merge, country, reader, sniffed, manual, remembered, mapping, localId, counts, staging, uploading,
    sameValues, values, valueProblems, conflict, fixedFields, stagedOptions,
    serverImport, plan, error, busy, reset, cancel, chooseFile, resniff, stage, refreshCounts, submit, loadPlan, changeMerge,
    commit, resume, restageSameFile,
  };
});
