/** Why a resolve failed, with what a support engineer needs: the HTTP status and Dataverse's error code. */
export class EffectiveProfileError extends Error {
  readonly status?: number;
  readonly code?: string;

  constructor(message: string, details: { status?: number; code?: string } = {}) {
    super(message);
    this.name = "EffectiveProfileError";
    this.status = details.status;
    this.code = details.code;
  }
}

/** Dataverse answers `{ "error": { "code", "message" } }`; anything else is reported by status alone. */
export async function errorFromResponse(response: { status: number; text(): Promise<string> }) {
  let code: string | undefined;
  let detail = "";
  try {
    const body = JSON.parse(await response.text()) as { error?: { code?: unknown; message?: unknown } };
    code = typeof body.error?.code === "string" ? body.error.code : undefined;
    detail = typeof body.error?.message === "string" ? `: ${body.error.message}` : "";
  } catch {
    // Not JSON (a proxy's HTML page, an empty body): the status says enough.
  }
  return new EffectiveProfileError(`Reading the app profile failed with HTTP ${response.status}${detail}`, {
    status: response.status,
    code,
  });
}
