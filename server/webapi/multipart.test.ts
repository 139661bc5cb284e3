import { endsAsDataverseReadsIt, multipartBoundary, parseHttpMessage, parseMultipart } from "./multipart";

describe("multipartBoundary", () => {
  it("reads the boundary of multipart/mixed, quoted or not", () => {
    expect(multipartBoundary("multipart/mixed;boundary=batch_1")).toBe("batch_1");
    expect(multipartBoundary('Multipart/Mixed; boundary="batch_2"')).toBe("batch_2");
  });

  it("has no boundary for another media type or without one", () => {
    expect(multipartBoundary("text/plain; boundary=x")).toBeUndefined();
    expect(multipartBoundary("multipart/form-data; boundary=x")).toBeUndefined();
    expect(multipartBoundary("multipart/mixed")).toBeUndefined();
    expect(multipartBoundary(undefined)).toBeUndefined();
  });
});

describe("endsAsDataverseReadsIt", () => {
  it("accepts a final CRLF or two other line breaks, and nothing else", () => {
    expect(endsAsDataverseReadsIt("--b--\r\n")).toBe(true);
    expect(endsAsDataverseReadsIt("--b--\n\n")).toBe(true);
    expect(endsAsDataverseReadsIt("--b--\n")).toBe(false);
    expect(endsAsDataverseReadsIt("--b--")).toBe(false);
  });
});

describe("parseMultipart", () => {
  it("keeps header names a request chooses off Object.prototype", () => {
    const [part] = parseMultipart("--b\r\n__proto__: x\r\nconstructor: y\r\n\r\nbody\r\n--b--\r\n", "b");
    expect(Object.getPrototypeOf(part.headers)).toBeNull();
    expect(part.headers["constructor"]).toBe("y");
    expect(part.body).toBe("body");
  });

  it("refuses a body without the closing delimiter", () => {
    expect(() => parseMultipart("--b\r\nx\r\n", "b")).toThrow(/--b--/);
  });
});

describe("parseHttpMessage", () => {
  it("reads the request line, headers and body", () => {
    const message = parseHttpMessage("POST /api/data/v9.2/x HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{}");
    expect(message).toMatchObject({ method: "POST", target: "/api/data/v9.2/x", body: "{}" });
    expect(message.headers["content-type"]).toBe("application/json");
  });

  it("refuses a request line with raw spaces in the URL", () => {
    expect(() => parseHttpMessage("GET /x?$filter=a eq 1 HTTP/1.1")).toThrow(/request line/);
  });
});
