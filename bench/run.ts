/** `npm run bench`: every benchmark in one run; prints the figures and writes them to bench/results/. */
import fs from "node:fs";
import path from "node:path";
import { benchServer, printServerFigures } from "./server.bench";

async function main(): Promise<void> {
  const results: Record<string, unknown> = { date: new Date().toISOString() };
  const figures = await benchServer();
  printServerFigures(figures);
  results.server = figures;
  const dir = path.join(__dirname, "results");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "latest.json");
  fs.writeFileSync(file, JSON.stringify(results, null, 2));
  console.log(`\nFigures written to ${file}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
