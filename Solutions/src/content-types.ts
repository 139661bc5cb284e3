/** `[Content_Types].xml`: a default per file extension in the package, and an override per control manifest. */
import { el, serialize } from "./xml";

const CONTENT_TYPES_NAMESPACE = "http://schemas.openxmlformats.org/package/2006/content-types";

export function contentTypesXml(entries: readonly string[]): string {
  const extensions: string[] = ["xml"];
  for (const entry of entries) {
    const extension = /\.([^./]+)$/.exec(entry)?.[1]?.toLowerCase();
    if (extension && !extensions.includes(extension)) extensions.push(extension);
  }
  const manifests = entries.filter((entry) => /^Controls\/[^/]+\/ControlManifest\.xml$/.test(entry));
  return serialize(
    el(
      "Types",
      { xmlns: CONTENT_TYPES_NAMESPACE },
      extensions.map((extension) =>
        el("Default", {
          Extension: extension,
          ContentType: extension === "xml" ? "text/xml" : "application/octet-stream",
        }),
      ),
      manifests.map((entry) => el("Override", { PartName: `/${entry}`, ContentType: "application/octet-stream" })),
    ),
    { bom: true, declaration: true, compact: true },
  );
}
