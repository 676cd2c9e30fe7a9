#!/usr/bin/env node
// Writes shared/definitions/dataset.schema.json from the definition model (a test checks they agree).
import { register } from 'tsx/esm/api';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

register();
const { definitionJsonSchema } = await import('../shared/definitions/index.ts');
writeFileSync(resolve(import.meta.dirname, '../shared/definitions/dataset.schema.json'), JSON.stringify(definitionJsonSchema(), null, 2) + '\n');
console.log('wrote shared/definitions/dataset.schema.json');
