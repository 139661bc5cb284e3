/**
 * The bounded fuzzer in CI: a fixed seed and a time budget (HOSTILE_FUZZ_SECONDS, 45 s by default).
 * `npm run fuzz -- --seconds N --seed S` runs it longer and prints every finding.
 */
import { runFuzz } from "./fuzz";

const SECONDS = Number(process.env.HOSTILE_FUZZ_SECONDS ?? 45);
const SEED = Number(process.env.HOSTILE_FUZZ_SEED ?? 11);

jest.setTimeout((SECONDS + 90) * 1000);

it(`survives ${SECONDS} s of seeded hostile requests (seed ${SEED}): no 500, no stack trace, no stored refusal, always answering, bounded memory`, async () => {
  const report = await runFuzz({ seconds: SECONDS, seed: SEED });
  console.log(
    `hostile fuzz: ${report.cases} cases, ${report.refused} refused, ${report.accepted} accepted, ${report.serverErrors} 500s, ` +
      `${report.crashes} crashes, RSS ${report.rssStartMb.toFixed(0)} -> ${report.rssMaxMb.toFixed(0)} MB`,
  );
  expect(report.cases).toBeGreaterThan(SECONDS * 10); // the budget was spent on cases, not on waiting
  expect(report.crashes).toBe(0);
  expect(report.findings.map((f) => `${f.kind} ${f.status ?? ""}: ${f.detail}\n${f.request}`)).toEqual([]);
  // Bounded: the server's resident memory grows by less than 200 MB however many distinct requests it saw.
  expect(report.rssMaxMb - report.rssStartMb).toBeLessThan(200);
});
