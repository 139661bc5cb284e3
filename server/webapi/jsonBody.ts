import { DataverseError } from "../errors";
import type { ApiRequest } from "./types";

/** Parses a request's JSON body, naming the problem when it isn't JSON. */
export function readJsonBody(request: ApiRequest): unknown {
  const text = request.body ?? "";
  if (!text.trim()) throw new DataverseError("BadRequestSyntax", "The request needs a JSON body.");
  const type = request.headers["content-type"];
  if (type && !/^application\/json\b/i.test(type)) {
    throw new DataverseError("BadRequestSyntax", `The body must be sent as application/json, not '${type}'.`, 415);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DataverseError("BadRequestSyntax", `The request body is not valid JSON: ${(error as Error).message}.`);
  }
}
