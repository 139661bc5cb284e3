/** `npm run build:solution`: packs out/controls into Solutions/bin/AppProfileManager{,_managed}.zip. */
import path from "node:path";
import { packSolution } from "./pack";
import { REPO_ROOT } from "./metadata";

packSolution({
  controlsDir: path.join(REPO_ROOT, "out", "controls"),
  outDir: path.join(REPO_ROOT, "Solutions", "bin"),
  log: (line) => console.log(line),
}).catch((error: unknown) => {
  console.error(`build:solution failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
