import type { DateOrder } from '../schema.ts';

/** What a normalizer needs to know beyond the field: the import's country and date order. */
export interface NormalizeContext {
  /** ISO 3166 alpha-2 country for phones written without a country code. */
  defaultCountry?: string;
  /** Day/month order the user chose for this import; ambiguous dates then raise no warning. */
  dateOrder?: DateOrder;
  /** Order assumed when none was chosen (e.g. the dataset's); ambiguous dates are warned. Default 'dmy'. */
  assumedDateOrder?: DateOrder;
}
