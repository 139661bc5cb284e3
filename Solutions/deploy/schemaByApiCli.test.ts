import path from "node:path";
import { parseSchemaByApiArgs } from "./schemaByApiCli";

describe("deploy --schema-by-api's command line", () => {
  it("takes the zip deploy's sign-in, license and webhook options, and its own zip, controls and export paths", () => {
    const options = parseSchemaByApiArgs(
      [
        "--schema-by-api",
        "--url",
        "https://contoso.crm.dynamics.com",
        "--token=abc",
        "--chat-license",
        "yes",
        "--webhook-url",
        "https://hooks.example.com/api/handlers",
        "--webhook-key",
        "k",
        "--controls-dir",
        "out/controls",
        "--export-managed=bin/managed.zip",
      ],
      "/repo",
    );
    expect(options).toEqual({
      url: "https://contoso.crm.dynamics.com/",
      auth: { kind: "token", token: "abc" },
      chatLicense: true,
      webhook: { url: "https://hooks.example.com/api/handlers", key: "k" },
      zipPath: undefined,
      controlsDir: path.resolve("/repo", "out/controls"),
      exportManagedPath: path.resolve("/repo", "bin/managed.zip"),
    });
  });

  it("refuses --managed, whose zip holds the tables: the managed zip comes from the environment (--export-managed)", () => {
    expect(() => parseSchemaByApiArgs(["--schema-by-api", "--url", "https://x.crm.dynamics.com", "--managed"])).toThrow(
      "--managed takes the packer's managed zip; with --schema-by-api, use --export-managed <path> for the environment's own managed export.",
    );
    expect(() => parseSchemaByApiArgs(["--schema-by-api", "--url", "https://x.crm.dynamics.com", "--zip"])).toThrow(
      "--zip needs a value.",
    );
  });
});
