/** Validation: turns normalized cells into the row's issues, with stable codes and human messages. */
export { validateRow, validateFields, isValidRow } from './row.ts';
export { checkValue, type Problem } from './rules.ts';
export { namedValidator, VALIDATOR_NAMES, type NamedValidator } from './named/index.ts';
