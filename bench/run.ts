/** `npm run bench`: every benchmark in one run; prints the figures and writes them to bench/results/latest.json. */
import fs from "node:fs";
import path from "node:path";
import { benchHostile, printHostileFigures } from "./hostile.bench";
import { benchRuntime, printRuntimeFigures } from "./runtime.bench";
import { benchScaling, printScalingFigures } from "./scaling.bench";
import { benchServer, printServerFigures } from "./server.bench";
import { benchUi, printUiFigures } from "./ui.bench";

/** `npm run bench -- server ui` runs only those (or `hostile`); no names runs all. */
const benchmarks = {
  server: async () => {
    const figures = await benchServer();
    printServerFigures(figures);
    return figures;
  },
  ui: async () => {
    const figures = await benchUi();
    printUiFigures(figures);
    return figures;
  },
  runtime: async () => {
    const figures = await benchRuntime();
    printRuntimeFigures(figures);
    return figures;
  },
  scaling: async () => printScalingFigures(await benchScaling()),
  hostile: async () => {
    const figures = await benchHostile();
    printHostileFigures(figures);
    return figures;
  },
};

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !(name in benchmarks));
  if (unknown.length)
    throw new Error(`Unknown benchmark '${unknown.join("', '")}'. Use: ${Object.keys(benchmarks).join(", ")}.`);
  const results: Record<string, unknown> = { date: new Date().toISOString() };
  for (const [name, run] of Object.entries(benchmarks)) {
    if (asked.length && !asked.includes(name)) continue;
    console.log(`\n== ${name}`);
    results[name] = await run();
  }
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
