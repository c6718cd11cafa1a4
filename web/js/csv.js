// CSV in the browser: parse what spreadsheets export (RFC 4180 quoting,
// "" inside quotes, line breaks inside quoted fields, CRLF or LF, a UTF-8
// byte-order mark, comma, semicolon or tab as the delimiter) and write it
// back. Pure functions: no DOM.

/** The delimiter of the first line outside quotes: the most frequent of , ; and tab. */
export function detectDelimiter(text) {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch] += 1;
  }
  const [best, count] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0];
  return count > 0 ? best : ',';
}

/**
 * Rows of fields. Throws an Error naming the line when a quoted field never
 * closes. Blank lines are skipped.
 */
export function parseCsv(input, delimiter = detectDelimiter(input.replace(/^\uFEFF/, ''))) {
  const text = input.replace(/^\uFEFF/, '');
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let quoteLine = 0;
  const endRow = () => {
    row.push(field);
    if (row.length > 1 || row[0] !== '') rows.push(row);
    row = [];
    field = '';
  };
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') { field += '"'; i += 1; } else quoted = false;
      } else {
        if (ch === '\n') line += 1;
        field += ch;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
      quoteLine = line;
    } else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      endRow();
      line += 1;
    } else field += ch;
  }
  if (quoted) throw new Error(`The CSV has a quoted field opened on line ${quoteLine} that never closes.`);
  if (field !== '' || row.length) endRow();
  return rows;
}

/** A CSV text (comma-separated, CRLF, fields quoted when needed) from rows of strings. */
export function toCsv(rows) {
  const quote = (value) => {
    const text = String(value ?? '');
    return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
}
