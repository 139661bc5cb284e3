/** Progress for a run of named steps: "[n/N] label ... done in X ms", and failures that name their step. */
export type Log = (line: string) => void;

export class DeployError extends Error {
  constructor(
    readonly step: string,
    readonly detail: string,
  ) {
    super(`${step}: ${detail}`);
    this.name = "DeployError";
  }
}

/** Dataverse's own message from a dynamics-web-api rejection (or any error), with the HTTP status when known. */
export function dataverseMessage(error: unknown): string {
  const e = error as { status?: number; message?: string; error?: { message?: string } } | undefined;
  const message = e?.message || e?.error?.message || String(error);
  return e?.status ? `${message} (HTTP ${e.status})` : message;
}

export interface StepContext {
  /** A detail line under the step, indented. */
  note(line: string): void;
}

export class Steps {
  private index = 0;
  readonly timings: { label: string; ms: number }[] = [];

  constructor(
    private readonly total: number,
    private readonly log: Log,
  ) {}

  async run<T>(label: string, task: (context: StepContext) => Promise<T>): Promise<T> {
    this.index++;
    const name = `[${this.index}/${this.total}] ${label}`;
    this.log(`${name} ...`);
    const started = performance.now();
    try {
      const result = await task({ note: (line) => this.log(`      ${line}`) });
      const ms = Math.round(performance.now() - started);
      this.timings.push({ label, ms });
      this.log(`${name}: done in ${ms} ms`);
      return result;
    } catch (error) {
      throw new DeployError(name, error instanceof DeployError ? error.detail : dataverseMessage(error));
    }
  }
}
