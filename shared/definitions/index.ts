/** Dataset definitions an office writes itself: their shape, their checks, their JSON Schema. */
export { checkDefinition, checkDefinitionFiles, isDefinitionFile, problemText, type DefinitionFile, type DefinitionProblem } from './check.ts';
export { definitionModel, type DatasetDefinition } from './model.ts';
export { definitionJsonSchema } from './json-schema.ts';
