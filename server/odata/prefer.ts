/**
 * The `Prefer` request header (RFC 7240): `odata.maxpagesize=50, odata.include-annotations="A,B"`. Commas inside
 * a quoted value belong to the value, so a list of annotations stays one preference. Several `Prefer` headers arrive
 * joined with commas, which reads the same.
 */
export function parsePrefer(header: string | undefined): Map<string, string> {
  const prefs = new Map<string, string>();
  if (!header) return prefs;
  let start = 0;
  let quoted = false;
  const take = (end: number) => {
    const part = header.slice(start, end).trim();
    start = end + 1;
    if (part === "") return;
    const equals = part.indexOf("=");
    const name = (equals < 0 ? part : part.slice(0, equals)).trim().toLowerCase();
    let value = equals < 0 ? "" : part.slice(equals + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (name && !prefs.has(name)) prefs.set(name, value);
  };
  for (let i = 0; i < header.length; i++) {
    const c = header[i];
    if (c === '"') quoted = !quoted;
    else if (c === "," && !quoted) take(i);
  }
  take(header.length);
  return prefs;
}
