import { expose } from 'comlink';
import type { WorkerApi } from './api.ts';
import { editCell, excludeInvalid, replaceInColumn, setExcluded } from './edit.ts';
import { errorsCsv } from './errors-csv.ts';
import { keepErrorDetails } from './errors.ts';
import { createImport, finishImport, localImport, localImports, stagedBlockCount, sweepFinished } from './local-imports.ts';
import { sniffFile } from './sniff.ts';
import { stageFile } from './stage.ts';
import { uploadImport } from '../upload/sender.ts';

/** The worker: one object satisfying WorkerApi, exposed through comlink. Reached only via bridge.ts. */
const workerApi: WorkerApi = {
  sniff: sniffFile,
  stage: stageFile,
  editCell,
  setExcluded,
  excludeInvalid,
  replaceInColumn,
  errorsCsv,
  upload: uploadImport,
  createImport,
  localImport,
  localImports,
  stagedBlockCount,
  finishImport,
  sweepFinished,
};

keepErrorDetails();
expose(workerApi);
