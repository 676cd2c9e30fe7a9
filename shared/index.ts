/** Sluice's isomorphic core: schemas, presets, header mapping, normalize, validate, dedupe, pipeline. */
export * from './schema.ts';
export * from './normalize/index.ts';
export * from './validate/index.ts';
export * from './mapping/index.ts';
export * from './dedupe/index.ts';
export * from './presets/index.ts';
export * from './pipeline.ts';
