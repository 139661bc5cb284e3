import { Spool } from "./spool";

async function collect(spool: Spool): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of spool.read()) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

describe("Spool", () => {
  it("gives back in order what stayed in memory", async () => {
    const spool = new Spool(1024);
    spool.write("one ");
    spool.write("two");
    expect(await collect(spool)).toBe("one two");
  });

  it("spills past its memory budget to a file and gives back every byte in order", async () => {
    const spool = new Spool(16);
    const pieces = Array.from({ length: 2000 }, (_, i) => `part ${i} ü\r\n`);
    for (const piece of pieces) spool.write(piece);
    expect(spool.size).toBe(Buffer.byteLength(pieces.join("")));
    expect(await collect(spool)).toBe(pieces.join(""));
  });
});
