/**
 * Collects a response body that may be large (a $batch of 1,000 reads) without holding it in memory: the first
 * bytes stay in memory, the rest goes to an unlinked temporary file, read back as a stream when sent. The status
 * of a $batch is known only at its end (Dataverse answers the first failure's status), so the body can't go to
 * the socket as it is produced.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";

const IN_MEMORY_BYTES = 1024 * 1024;

export class Spool {
  private readonly chunks: Buffer[] = [];
  private bytes = 0;
  private fd: number | undefined;
  private written = 0;

  constructor(private readonly inMemoryBytes = IN_MEMORY_BYTES) {}

  get size(): number {
    return this.bytes + this.written;
  }

  write(text: string): void {
    const chunk = Buffer.from(text, "utf8");
    if (this.fd === undefined && this.bytes + chunk.length <= this.inMemoryBytes) {
      this.chunks.push(chunk);
      this.bytes += chunk.length;
      return;
    }
    if (this.fd === undefined) this.fd = openUnlinked();
    fs.writeSync(this.fd, chunk);
    this.written += chunk.length;
  }

  /** The body, memory first, then the file; the file is closed when the stream ends or is dropped. */
  async *read(): AsyncGenerator<Buffer> {
    const fd = this.fd;
    this.fd = undefined;
    let stream: fs.ReadStream | undefined;
    try {
      yield* this.chunks.splice(0);
      this.bytes = 0;
      if (fd === undefined) return;
      stream = fs.createReadStream("", { fd, start: 0, autoClose: true, highWaterMark: 256 * 1024 });
      for await (const chunk of stream) yield chunk as Buffer;
    } finally {
      if (stream) stream.destroy();
      else if (fd !== undefined) fs.closeSync(fd);
    }
  }

  /** For a spool that will never be read (the request failed before its response was built). */
  discard(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
    this.chunks.length = 0;
  }
}

/** A file nobody else can open, gone from the folder at once: closing the descriptor frees it. */
function openUnlinked(): number {
  const file = path.join(os.tmpdir(), `apm-batch-${randomUUID()}.tmp`);
  const fd = fs.openSync(file, "wx+", 0o600);
  fs.unlinkSync(file);
  return fd;
}
