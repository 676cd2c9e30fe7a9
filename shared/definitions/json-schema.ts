import { z } from 'zod';
import { definitionModel } from './model.ts';

/** The JSON Schema of a definition file (served at /api/dataset-schema.json, shipped as dataset.schema.json). */
export function definitionJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(definitionModel, { io: 'input', unrepresentable: 'any' }),
    title: 'Sluice dataset definition',
  };
}
