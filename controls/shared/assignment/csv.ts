/**
 * The bulk-assignment CSV (RFC 4180: comma separated, fields in double quotes may hold commas, quotes doubled and line
 * breaks; CRLF or LF; an optional UTF-8 BOM). Pure, so the designer's import and `npm run assign` read a file alike,
 * and every problem names its line and column.
 */

/**
 * What a row does: `assign` gives the user the profile (moving them from the one they have: a bulk move), `remove`
 * takes the user off it. The optional `action` column says it per row; a file without it assigns.
 */
export type CsvAction = "assign" | "remove";
/** The words the `action` column takes: `move` is an assign (rule 9: the user leaves their profile for this one). */
const ACTION_WORDS: ReadonlyMap<string, CsvAction> = new Map<string, CsvAction>([
  ["assign", "assign"],
  ["move", "assign"],
  ["remove", "remove"],
]);

/** One data row: the user as typed (principal name, email or id) and the profile's unique name. */
export interface AssignmentCsvRow {
  /** The 1-based line the row starts on, as an editor shows it. */
  readonly line: number;
  readonly user: string;
  readonly profile: string;
  /** Absent means assign. */
  readonly action?: CsvAction;
}

export interface CsvProblem {
  readonly line: number;
  readonly message: string;
}

export type CsvParseResult =
  | { readonly ok: true; readonly rows: readonly AssignmentCsvRow[] }
  | { readonly ok: false; readonly problems: readonly CsvProblem[] };

export const CSV_COLUMNS = { user: "user", profile: "profile", action: "action" } as const;
/** More rows than this is a mistake (a wrong file) rather than an assignment; split it. */
export const MAX_CSV_ROWS = 100_000;
const MAX_REPORTED_PROBLEMS = 20;

interface RawRecord {
  readonly line: number;
  readonly fields: string[];
}

/** Splits the text into records; a quote left open is the one error that stops the read. */
function readRecords(text: string): { records: RawRecord[]; problem?: CsvProblem } {
  const records: RawRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = () => {
    fields.push(field);
    records.push({ line: recordLine, fields });
    fields = [];
    field = "";
  };
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === "\n") line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === "") {
      quoted = true;
      quoteLine = line;
    } else if (c === ",") {
      fields.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      continue;
    } else if (c === "\n") {
      endRecord();
      line++;
      recordLine = line;
    } else field += c;
  }
  if (quoted) {
    return {
      records,
      problem: { line: quoteLine, message: `Line ${quoteLine}: a quoted value is never closed: add the closing ".` },
    };
  }
  if (field !== "" || fields.length > 0) endRecord();
  return { records };
}

const isBlank = (record: RawRecord) => record.fields.every((f) => f.trim() === "");

/** Finds the user and profile columns in the header, by name in any case. */
function headerColumns(header: RawRecord): { user: number; profile: number; action: number } | CsvProblem {
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const user = names.indexOf(CSV_COLUMNS.user);
  const profile = names.indexOf(CSV_COLUMNS.profile);
  const missing = [user < 0 ? CSV_COLUMNS.user : "", profile < 0 ? CSV_COLUMNS.profile : ""].filter(Boolean);
  if (missing.length === 0) return { user, profile, action: names.indexOf(CSV_COLUMNS.action) };
  return {
    line: header.line,
    message:
      `Line ${header.line}: the header has no ${missing.map((m) => `'${m}'`).join(" or ")} column: the first line ` +
      `must name the columns, for example "user,profile" (user by principal name, email or id; profile by unique name).`,
  };
}

/** `defaultAction` is what a row without an `action` value does (`npm run assign -- --action remove`). */
export function parseAssignmentCsv(text: string, defaultAction: CsvAction = "assign"): CsvParseResult {
  const { records, problem } = readRecords(text);
  if (problem) return { ok: false, problems: [problem] };
  const nonBlank = records.filter((r) => !isBlank(r));
  const [header, ...data] = nonBlank;
  if (!header) {
    return { ok: false, problems: [{ line: 1, message: 'The file is empty: the first line must be "user,profile".' }] };
  }
  const columns = headerColumns(header);
  if ("message" in columns) return { ok: false, problems: [columns] };
  if (data.length > MAX_CSV_ROWS) {
    return {
      ok: false,
      problems: [
        {
          line: data[MAX_CSV_ROWS].line,
          message: `The file has ${data.length} rows; import at most ${MAX_CSV_ROWS} at a time: split the file.`,
        },
      ],
    };
  }
  const rows: AssignmentCsvRow[] = [];
  const problems: CsvProblem[] = [];
  for (const record of data) {
    const user = (record.fields[columns.user] ?? "").trim();
    const profile = (record.fields[columns.profile] ?? "").trim();
    const actionText = (record.fields[columns.action] ?? "").trim().toLowerCase();
    const action = actionText === "" ? defaultAction : ACTION_WORDS.get(actionText);
    const empty = [user ? "" : CSV_COLUMNS.user, profile ? "" : CSV_COLUMNS.profile].filter(Boolean);
    if (empty.length > 0) {
      problems.push({
        line: record.line,
        message: `Line ${record.line}: the ${empty.map((e) => `'${e}'`).join(" and ")} value is empty: fill it in or remove the line.`,
      });
    } else if (!action) {
      problems.push({
        line: record.line,
        message: `Line ${record.line}: the action '${actionText}' is not assign, move or remove: assign (or move) gives the profile, remove takes it away.`,
      });
    } else rows.push({ line: record.line, user, profile, ...(action === "remove" ? { action } : {}) });
  }
  if (problems.length > 0) return { ok: false, problems: problems.slice(0, MAX_REPORTED_PROBLEMS) };
  return { ok: true, rows };
}

/** One CSV field, quoted when it needs to be (and when it could be read as a formula by a spreadsheet). */
export function csvField(value: string): string {
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) || guarded !== value ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

export function csvLine(values: readonly string[]): string {
  return values.map(csvField).join(",");
}
