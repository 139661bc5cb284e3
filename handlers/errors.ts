/** Dataverse error codes the product uses, with the HTTP status the Web API gives each. */
export const ErrorCodes = {
  /** A plugin cancelled the operation (ISVAborted). */
  PluginAborted: { code: "0x80040265", status: 400 },
  InvalidArgument: { code: "0x80040203", status: 400 },
  /** Attribute value too long or out of range. */
  ValidationFailed: { code: "0x80044331", status: 400 },
  BadRequestSyntax: { code: "0x80060888", status: 400 },
  InvalidProperty: { code: "0x80048d19", status: 400 },
  NotFound: { code: "0x80040217", status: 404 },
  ResourceNotFound: { code: "0x80060888", status: 404 },
  PrivilegeDenied: { code: "0x80040220", status: 403 },
  Unauthorized: { code: "0x80040220", status: 401 },
  ConcurrencyVersionMismatch: { code: "0x80060882", status: 412 },
  DuplicateRecord: { code: "0x80040237", status: 412 },
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
