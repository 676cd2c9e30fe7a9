/** Header mapping: which column of the file feeds which field of the dataset. */
export { knownHeaders, mapHeaders, type ColumnMatch, type HeaderMapping, type MapHeadersOptions, type MatchHow } from './headers.ts';
export { HeaderError, MAX_COLUMNS, type HeaderErrorCode } from './header-error.ts';
export { headerFingerprint } from './fingerprint.ts';
export { editDistance, similarity } from './similarity.ts';
export { cleanHeader } from './clean.ts';
export { fixedValueOf, fixedValueProblems, isFilled, type FillOptions, type FixedValue } from './fixed.ts';
