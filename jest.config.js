/** One `npm test` runs every suite: pure units, components in jsdom, integration over HTTP, and browser tests. */
const tsJest = ["ts-jest", { tsconfig: "tsconfig.json" }];
const base = { transform: { "^.+\\.tsx?$": tsJest }, testEnvironment: "node" };

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...base,
      displayName: "unit",
      // host/*.test.ts: npm start's own logic (freshness, ports); the page's scripts under host/page are not here.
      testMatch: ["<rootDir>/{schema,handlers,server,Solutions,runtime}/**/*.test.ts", "<rootDir>/host/*.test.ts"],
    },
    {
      ...base,
      displayName: "components",
      testEnvironment: "jsdom",
      testMatch: ["<rootDir>/controls/**/*.test.ts?(x)"],
      setupFilesAfterEnv: ["<rootDir>/controls/shared/testing/setup.ts"],
    },
    { ...base, displayName: "integration", testMatch: ["<rootDir>/test/integration/**/*.test.ts"] },
    // One test per documented Dataverse behaviour, each naming its Microsoft Learn source.
    { ...base, displayName: "conformance", testMatch: ["<rootDir>/test/conformance/**/*.test.ts"] },
    // Hostile input: regression tests for each defect found, and a bounded fixed-seed fuzzer.
    { ...base, displayName: "hostile", testMatch: ["<rootDir>/test/hostile/**/*.test.ts"] },
    { ...base, displayName: "e2e", testMatch: ["<rootDir>/test/e2e/**/*.test.ts"] },
  ],
  testTimeout: 30000,
};
