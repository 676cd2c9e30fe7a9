/**
 * The one client of the Sluice API, for the browser and the CLI: fetch with the retry
 * policy, the JSON client over it, and the upload session.
 */
export * from './api-client.ts';
export * from './errors.ts';
export * from './fetch-types.ts';
export * from './key-lookup.ts';
export * from './retry.ts';
export * from './upload-session.ts';
