/** tokens.json in the data folder: one random bearer token per demo user, written on first start. */
import fs from "node:fs";
import path from "node:path";
import type { DemoUser } from "./seed";

export const TOKENS_FILE = "tokens.json";

export function writeTokens(dataDir: string, users: readonly DemoUser[]): string {
  const file = path.join(dataDir, TOKENS_FILE);
  fs.writeFileSync(file, JSON.stringify({ users }, null, 2) + "\n", { mode: 0o600 });
  return file;
}

export function readTokens(dataDir: string): DemoUser[] {
  const file = path.join(dataDir, TOKENS_FILE);
  if (!fs.existsSync(file)) return [];
  try {
    return (JSON.parse(fs.readFileSync(file, "utf8")) as { users: DemoUser[] }).users;
  } catch (error) {
    throw new Error(
      `${file} is not valid JSON (${(error as Error).message}). Delete it and the data folder to start over.`,
    );
  }
}
