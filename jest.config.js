/** One `npm test` runs every suite: pure units, components in jsdom, integration over HTTP, and browser tests. */
const tsJest = ["ts-jest", { tsconfig: "tsconfig.json" }];
const base = { transform: { "^.+\\.tsx?$": tsJest }, testEnvironment: "node" };

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...base, displayName: "unit", testMatch: ["<rootDir>/{schema,handlers,server,Solutions,runtime}/**/*.test.ts"] },
    {
      ...base,
      displayName: "components",
      testEnvironment: "jsdom",
      testMatch: ["<rootDir>/controls/**/*.test.ts?(x)"],
      setupFilesAfterEnv: ["<rootDir>/controls/shared/testing/setup.ts"],
    },
    { ...base, displayName: "integration", testMatch: ["<rootDir>/test/integration/**/*.test.ts"] },
    { ...base, displayName: "e2e", testMatch: ["<rootDir>/test/e2e/**/*.test.ts"] },
  ],
  testTimeout: 30000,
};
