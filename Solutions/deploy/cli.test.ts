import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { connectionOf, isLocalUrl, tokenFromFile } from "./auth";
import { parseAssignArgs } from "../../cli/assign";
import { parseProfilesArgs } from "../../cli/profiles";
import { parseDeployArgs } from "./cli";
import { Steps } from "./steps";

const cwd = "/work/project";

describe("deploy arguments", () => {
  it("uses the sysadmin token from .data/tokens.json and the unmanaged zip for a local server", () => {
    const options = parseDeployArgs(["--url", "http://127.0.0.1:5555"], cwd);
    expect(options.auth).toEqual({ kind: "file", file: path.join(cwd, ".data", "tokens.json"), user: "sysadmin" });
    expect(options.zipPath).toMatch(/Solutions[/\\]bin[/\\]AppProfileManager\.zip$/);
    expect(options.chatLicense).toBeUndefined();
  });

  it("signs in with the device code for a Dataverse URL, and takes --managed and --chat-license", () => {
    const options = parseDeployArgs(["--url", "https://contoso.crm.dynamics.com", "--managed", "--chat-license", "no"]);
    expect(options.auth).toEqual({ kind: "device-code" });
    expect(options.zipPath).toMatch(/AppProfileManager_managed\.zip$/);
    expect(options.chatLicense).toBe(false);
  });

  it("prefers --token, and resolves --zip and --token-file against the working folder", () => {
    const options = parseDeployArgs(["--url", "https://x.crm4.dynamics.com", "--token", "abc", "--zip", "a.zip"], cwd);
    expect(options.auth).toEqual({ kind: "token", token: "abc" });
    expect(options.zipPath).toBe(path.join(cwd, "a.zip"));
    const file = parseDeployArgs(["--url", "https://x", "--token-file", "t.json", "--user", "admin"], cwd);
    expect(file.auth).toEqual({ kind: "file", file: path.join(cwd, "t.json"), user: "admin" });
  });

  it.each([
    [[], /--url is required/],
    [["--url", "nope"], /not a URL/],
    [["--url", "http://localhost", "--chat-license", "maybe"], /yes or no/],
    [["--url", "http://localhost", "--token", "a", "--token-file", "b"], /not both/],
  ])("refuses %j", (argv, message) => {
    expect(() => parseDeployArgs(argv)).toThrow(message);
  });

  it("reads the same sign-in flags in every admin command line (deploy, assign, profiles)", () => {
    const local = ["--url", "http://127.0.0.1:5555"];
    const fromFile = { kind: "file", file: path.join(cwd, ".data", "tokens.json") };
    expect(parseAssignArgs(["--csv", "u.csv", ...local], cwd).auth).toEqual({ ...fromFile, user: "admin" });
    expect(parseProfilesArgs(["export", ...local, "--out", "p.json"], cwd).auth).toEqual({
      ...fromFile,
      user: "admin",
    });
    for (const parse of [
      (argv: string[]) => parseAssignArgs(["--csv", "u.csv", ...argv], cwd),
      (argv: string[]) => parseProfilesArgs(["export", "--out", "p.json", ...argv], cwd),
    ]) {
      expect(() => parse([])).toThrow(/--url is required\.\nUsage: npm run/);
      expect(() => parse(["--url", "nope"])).toThrow(/'nope' is not a URL/);
      expect(() => parse([...local, "--token", "a", "--token-file", "b"])).toThrow(/not both/);
    }
  });

  it("makes the command's own error of a bad connection flag", () => {
    class UsageProblem extends Error {}
    const fail = (message: string) => new UsageProblem(message);
    expect(() => connectionOf({}, { usage: "Usage: x", cwd, fail })).toThrow(UsageProblem);
    expect(connectionOf({ url: "https://contoso.crm.dynamics.com", user: "u" }, { usage: "", cwd }).auth).toEqual({
      kind: "device-code",
    });
  });

  it("treats plain HTTP and this machine as local", () => {
    expect(isLocalUrl(new URL("http://10.0.0.5:5555"))).toBe(true);
    expect(isLocalUrl(new URL("https://localhost:5555"))).toBe(true);
    expect(isLocalUrl(new URL("https://contoso.crm.dynamics.com"))).toBe(false);
  });
});

describe("tokens.json", () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "apm-tokens-")), "tokens.json");
  writeFileSync(file, JSON.stringify({ users: [{ key: "sysadmin", token: "s3cret" }] }));

  it("gives the user's token, or names what is missing", () => {
    expect(tokenFromFile(file, "sysadmin")).toBe("s3cret");
    expect(() => tokenFromFile(file, "admin")).toThrow(/no token for user 'admin' \(it has: sysadmin\)/);
    expect(() => tokenFromFile(`${file}.gone`, "sysadmin")).toThrow(/does not exist: start the local server/);
  });
});

describe("steps", () => {
  it("numbers and times each step, and names the step that failed", async () => {
    const lines: string[] = [];
    const steps = new Steps(2, (line) => lines.push(line));
    await steps.run("First", async ({ note }) => note("detail"));
    await expect(
      steps.run("Second", async () => {
        throw Object.assign(new Error("Dataverse said no"), { status: 400 });
      }),
    ).rejects.toThrow("[2/2] Second: Dataverse said no (HTTP 400)");
    expect(lines[0]).toBe("[1/2] First ...");
    expect(lines[1]).toBe("      detail");
    expect(lines[2]).toMatch(/^\[1\/2\] First: done in \d+ ms$/);
  });
});
