/** `npm run fuzz -- [--seconds 60] [--seed 11]`: the hostile fuzzer for longer than CI runs it; prints its figures. */
import { parseArgs } from "node:util";
import { runFuzz } from "./fuzz";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: "string", default: "60" },
      seed: { type: "string", default: "11" },
      "max-cases": { type: "string" },
    },
  });
  const seconds = Number(values.seconds);
  const seed = Number(values.seed);
  if (!(seconds > 0) || !Number.isInteger(seed)) throw new Error("--seconds must be > 0 and --seed a whole number.");
  const maxCases = values["max-cases"] === undefined ? undefined : Number(values["max-cases"]);
  const report = await runFuzz({ seconds, seed, maxCases, log: (line) => console.log(line) });
  const { findings, ...figures } = report;
  console.log(JSON.stringify(figures, null, 2));
  console.log(`${findings.length} findings${findings.length ? ":" : ""}`);
  for (const f of findings) console.log(`- ${f.kind} ${f.status ?? ""} ${f.detail}\n    ${f.request}`);
  process.exitCode = findings.length ? 1 : 0;
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
