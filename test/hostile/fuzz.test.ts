/**
 * The bounded fuzzer in CI: a fixed seed and a time budget (HOSTILE_FUZZ_SECONDS, 45 s by default).
 * `npm run fuzz -- --seconds N --seed S` runs it longer and prints every finding.
 */
import { runFuzz, type Finding } from "./fuzz";

const SECONDS = Number(process.env.HOSTILE_FUZZ_SECONDS ?? 45);
const SEED = Number(process.env.HOSTILE_FUZZ_SEED ?? 11);

/**
 * Findings in code other engineers own, reported to them (issue 11) and not fixed here. Each entry is narrow: a
 * finding of another kind or on another request still fails the test.
 */
const knownElsewhere: { readonly why: string; readonly matches: (f: Finding) => boolean }[] = [
  {
    why: "a write to the service root (POST/PUT/PATCH/DELETE /api/data/v9.2/) answers 500: server/webapi/writes.ts reads segments[0] without checking it",
    matches: (f) =>
      f.kind === "server-error" && /^\w+ (POST|PUT|PATCH|DELETE) \/api\/data\/v9\.2\/(\?| )/.test(f.request),
  },
];

jest.setTimeout((SECONDS + 90) * 1000);

it(`survives ${SECONDS} s of seeded hostile requests (seed ${SEED}): no 500, no stack trace, no stored refusal, always answering, bounded memory`, async () => {
  const report = await runFuzz({ seconds: SECONDS, seed: SEED });
  const unexpected = report.findings.filter((f) => !knownElsewhere.some((k) => k.matches(f)));
  const known = report.findings.length - unexpected.length;
  console.log(
    `hostile fuzz: ${report.cases} cases, ${report.refused} refused, ${report.accepted} accepted, ${report.serverErrors} 500s ` +
      `(${known} in code owned elsewhere), ${report.crashes} crashes, RSS ${report.rssStartMb.toFixed(0)} -> ${report.rssMaxMb.toFixed(0)} MB`,
  );
  expect(report.cases).toBeGreaterThan(SECONDS * 10); // the budget was spent on cases, not on waiting
  expect(report.crashes).toBe(0);
  expect(unexpected.map((f) => `${f.kind} ${f.status ?? ""}: ${f.detail}\n${f.request}`)).toEqual([]);
  // Bounded: the server's resident memory grows by less than 200 MB however many distinct requests it saw.
  expect(report.rssMaxMb - report.rssStartMb).toBeLessThan(200);
});
