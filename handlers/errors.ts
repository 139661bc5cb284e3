/**
 * Dataverse error codes the product uses, with the HTTP status the Web API gives each.
 * Codes and names as Dataverse sends them (Learn: reference data-service-errors; troubleshoot web-api-client-errors).
 */
export const ErrorCodes = {
  /** A plugin cancelled the operation (ISVAborted). */
  PluginAborted: { code: "0x80040265", status: 400 },
  InvalidArgument: { code: "0x80040203", status: 400 },
  /** Attribute value too long or out of range. */
  ValidationFailed: { code: "0x80044331", status: 400 },
  BadRequestSyntax: { code: "0x80060888", status: 400 },
  InvalidProperty: { code: "0x80048d19", status: 400 },
  /** ObjectDoesNotExist: no row with that primary id. */
  NotFound: { code: "0x80040217", status: 404 },
  /** RecordNotFoundByEntityKey: no row with those alternate key values. */
  RecordNotFoundByEntityKey: { code: "0x80060891", status: 404 },
  /** "Resource not found for the segment '<x>'." (an unknown entity set, function, action or path segment). */
  ResourceNotFound: { code: "0x8006088a", status: 404 },
  /**
   * "No HTTP resource was found that matches the request URI …": a function or action called with the wrong
   * HTTP method. Dataverse sends an empty code here.
   */
  NoHttpResource: { code: "", status: 404 },
  /** "Request message has unresolved parameters.": e.g. a bound function without the Microsoft.Dynamics.CRM namespace. */
  UnresolvedParameters: { code: "0x80060888", status: 400 },
  /** An HTTP method a resource doesn't support (DELETE or PATCH on a collection, PUT on a record). */
  MethodNotAllowed: { code: "0x80060888", status: 405 },
  PrivilegeDenied: { code: "0x80040220", status: 403 },
  Unauthorized: { code: "0x80040220", status: 401 },
  ConcurrencyVersionMismatch: { code: "0x80060882", status: 412 },
  /** DuplicateRecord: the primary id is taken, or `If-None-Match: *` met an existing row. */
  DuplicateRecord: { code: "0x80040237", status: 412 },
  /** DuplicateRecordEntityKey: an alternate key's values are taken by another row. */
  DuplicateRecordEntityKey: { code: "0x80060892", status: 412 },
  /** Duplicate detection rules found a duplicate (not an alternate key: see DuplicateRecordEntityKey). */
  RecordAlreadyExists: { code: "0x80040333", status: 412 },
  PayloadTooLarge: { code: "0x80048d19", status: 413 },
} as const;

export type ErrorKind = keyof typeof ErrorCodes;

/** Mirrors InvalidPluginExecutionException: the message reaches the caller as is. */
export class InvalidPluginExecutionError extends Error {
  readonly code: string;
  readonly status: number;
  /** The column the message is about, so a form can show it at the field. */
  readonly attribute?: string;

  constructor(message: string, options: { attribute?: string; kind?: ErrorKind } = {}) {
    super(message);
    this.name = "InvalidPluginExecutionError";
    const { code, status } = ErrorCodes[options.kind ?? "PluginAborted"];
    this.code = code;
    this.status = status;
    this.attribute = options.attribute;
  }
}
