/**
 * Splits the start of a delimited text into records, quote-aware ("" escapes a quote, quoted
 * fields may hold delimiters and line breaks). Made for sniffing small samples: the last record
 * is dropped when the sample does not end with a line break, since it may be cut short, unless
 * `complete` says the sample is the whole file.
 * @example splitSampleRecords('a;"b;c"\n1;2\n', ';') // [['a', 'b;c'], ['1', '2']]
 */
export function splitSampleRecords(text: string, delimiter: string, maxRecords = 50, complete = false): string[][] {
  const records: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  let atFieldStart = true;
  const n = text.length;
  for (let i = 0; i < n && records.length < maxRecords; i++) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else field += ch;
      continue;
    }
    if (ch === '"' && atFieldStart) {
      inQuotes = true;
      atFieldStart = false;
    } else if (ch === delimiter) {
      row.push(field);
      field = '';
      atFieldStart = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      records.push(row);
      row = [];
      field = '';
      atFieldStart = true;
    } else {
      field += ch;
      atFieldStart = false;
    }
  }
  // A trailing record without its line break may be cut by the end of the sample: drop it,
  // unless it is all there is, or the sample is the whole file.
  if ((records.length === 0 || complete) && records.length < maxRecords && (field !== '' || row.length > 0) && !inQuotes) {
    row.push(field);
    records.push(row);
  }
  return records;
}
