/**
 * A small typed XML builder. Every attribute value and text node is escaped on output, so callers never
 * concatenate markup. The serializer writes the layout Dataverse exports use: two-space indentation, text-only
 * elements on one line, and empty elements as `<Name />`.
 */
export type AttrValue = string | number | boolean | undefined;
export type Attrs = Readonly<Record<string, AttrValue>>;

export interface XmlElement {
  readonly kind: "element";
  readonly name: string;
  readonly attrs: Attrs;
  readonly children: readonly XmlNode[];
}
export interface XmlText {
  readonly kind: "text";
  readonly text: string;
}
export type XmlNode = XmlElement | XmlText;
/** What `el` accepts as children: nodes, plain text, and nothing (skipped), also nested in arrays. */
export type Child = XmlNode | string | number | null | undefined | false | readonly Child[];

const NAME = /^[A-Za-z_][\w.:-]*$/;
// eslint-disable-next-line no-control-regex
const INVALID_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function flatten(children: readonly Child[], into: XmlNode[]): XmlNode[] {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) flatten(child, into);
    else if (typeof child === "string" || typeof child === "number") into.push(text(String(child)));
    else into.push(child as XmlNode);
  }
  return into;
}

/** An element. Attributes whose value is `undefined` are left out; booleans are written `true`/`false`. */
export function el(name: string, attrs: Attrs = {}, ...children: Child[]): XmlElement {
  if (!NAME.test(name)) throw new Error(`Invalid XML element name: ${JSON.stringify(name)}`);
  for (const key of Object.keys(attrs)) {
    if (!NAME.test(key)) throw new Error(`Invalid XML attribute name on <${name}>: ${JSON.stringify(key)}`);
  }
  return { kind: "element", name, attrs, children: flatten(children, []) };
}

/** An element holding only text, e.g. `<Type>nvarchar</Type>`. */
export function leaf(name: string, value: string | number | boolean, attrs: Attrs = {}): XmlElement {
  return el(name, attrs, String(value));
}

export function text(value: string): XmlText {
  if (INVALID_CHARS.test(value))
    throw new Error(`Text contains a character XML cannot carry: ${JSON.stringify(value)}`);
  return { kind: "text", text: value };
}

export function escapeText(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function escapeAttr(value: string): string {
  if (INVALID_CHARS.test(value))
    throw new Error(`Attribute contains a character XML cannot carry: ${JSON.stringify(value)}`);
  return escapeText(value)
    .replace(/"/g, "&quot;")
    .replace(/\t/g, "&#9;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;");
}

function attrsToString(attrs: Attrs): string {
  let out = "";
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined) continue;
    out += ` ${key}="${escapeAttr(String(value))}"`;
  }
  return out;
}

function write(node: XmlElement, depth: number, lines: string[]): void {
  const pad = "  ".repeat(depth);
  const open = `${node.name}${attrsToString(node.attrs)}`;
  if (node.children.length === 0) {
    lines.push(`${pad}<${open} />`);
  } else if (node.children.every((c) => c.kind === "text")) {
    const body = node.children.map((c) => escapeText((c as XmlText).text)).join("");
    lines.push(`${pad}<${open}>${body}</${node.name}>`);
  } else {
    lines.push(`${pad}<${open}>`);
    for (const child of node.children) {
      if (child.kind === "text") lines.push(`${pad}  ${escapeText(child.text)}`);
      else write(child, depth + 1, lines);
    }
    lines.push(`${pad}</${node.name}>`);
  }
}

export interface SerializeOptions {
  /** Write `<?xml version="1.0" encoding="utf-8"?>` first. */
  readonly declaration?: boolean;
  /** Start with a UTF-8 byte order mark, as some Dataverse exports do. */
  readonly bom?: boolean;
  /** Everything on one line (as `[Content_Types].xml` is exported). */
  readonly compact?: boolean;
}

export function serialize(root: XmlElement, options: SerializeOptions = {}): string {
  const declaration = options.declaration ? '<?xml version="1.0" encoding="utf-8"?>' : "";
  let body: string;
  if (options.compact) {
    body = compact(root);
  } else {
    const lines: string[] = [];
    write(root, 0, lines);
    body = lines.join("\r\n");
  }
  const head = options.bom ? "\uFEFF" : "";
  return head + (declaration && !options.compact ? `${declaration}\r\n` : declaration) + body;
}

function compact(node: XmlNode): string {
  if (node.kind === "text") return escapeText(node.text);
  const open = `${node.name}${attrsToString(node.attrs)}`;
  if (node.children.length === 0) return `<${open} />`;
  return `<${open}>${node.children.map(compact).join("")}</${node.name}>`;
}
