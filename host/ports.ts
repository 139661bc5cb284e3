/**
 * `npm start` checks its ports before the (slow) control build, so a port in use fails in a second with one
 * sentence saying which port and how to pick another, instead of after a minute of building.
 */
import net from "node:net";

/** A port `npm start` cannot use; its message is the whole explanation. */
export class PortUnavailableError extends Error {}

export interface PortToCheck {
  readonly port: number;
  readonly host: string;
  /** The option that sets it, e.g. `--port`. */
  readonly option: string;
  /** What uses it, e.g. "the page". */
  readonly role: string;
}

/** The sentence for a port that can't be bound, naming the option that chooses another. */
export function portProblem(check: PortToCheck, code: string | undefined): string {
  const other = check.port === 9000 ? 9001 : 9000;
  const how = `choose another with \`npm start -- ${check.option} ${other}\``;
  if (code === "EADDRINUSE")
    return `Port ${check.port} on ${check.host} (${check.role}) is already in use, perhaps by another npm start: ${how}.`;
  if (code === "EACCES")
    return `Port ${check.port} on ${check.host} (${check.role}) needs privileges this user doesn't have: ${how}.`;
  if (code === "EADDRNOTAVAIL")
    return `${check.host} is not an address of this machine, so ${check.role} can't listen on it: use --host 127.0.0.1.`;
  return `Port ${check.port} on ${check.host} (${check.role}) can't be used (${code ?? "unknown error"}): ${how}.`;
}

/** Listens on the port and closes it at once; throws PortUnavailableError when it can't. Port 0 is always free. */
export async function assertPortFree(check: PortToCheck): Promise<void> {
  if (check.port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (error: NodeJS.ErrnoException) =>
      reject(new PortUnavailableError(portProblem(check, error.code))),
    );
    probe.listen({ port: check.port, host: check.host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/** Both ports at once: the same number twice is refused before anything listens. */
export async function assertPortsFree(checks: readonly PortToCheck[]): Promise<void> {
  const fixed = checks.filter((c) => c.port !== 0);
  for (const [i, check] of fixed.entries()) {
    const twin = fixed.slice(i + 1).find((other) => other.port === check.port);
    if (twin)
      throw new PortUnavailableError(
        `${check.option} and ${twin.option} are both ${check.port}: ${check.role} and ${twin.role} need a port each.`,
      );
  }
  for (const check of fixed) await assertPortFree(check);
}
