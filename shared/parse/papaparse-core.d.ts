// The slice of Papa Parse's core used by shared/parse. Imported by its file path so that
// @types/papaparse (which pulls in Node's types) stays out of shared/'s type world.
declare module 'papaparse/papaparse.js' {
  interface PapaParserConfig {
    delimiter: string;
    newline: '\n' | '\r' | '\r\n';
    quoteChar?: string;
  }
  interface PapaParserError {
    code: string;
    message: string;
    /** Index of the row in this parse's data. */
    row: number;
    /** Character index in this parse's input. */
    index: number;
  }
  interface PapaParserResult {
    data: string[][];
    errors: PapaParserError[];
    meta: { cursor: number };
  }
  /** Papa Parse's synchronous core: parses a string, optionally holding back the last row. */
  interface PapaParser {
    parse(input: string, baseIndex: number, ignoreLastRow: boolean): PapaParserResult;
  }
  const Papa: { Parser: new (config: PapaParserConfig) => PapaParser };
  export default Papa;
}
