/**
 * The wire vocabulary: what the server answers and the browser and the CLI read. One module,
 * so a new status, count or field is one change that every side sees.
 */
export * from './counts.ts';
export * from './errors.ts';
export * from './export-formats.ts';
export * from './import.ts';
export * from './statuses.ts';
