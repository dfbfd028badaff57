/** Output kept from a stream: its head and tail, the middle dropped. */
export interface BoundedText {
  /** Head, a drop mark when bytes were dropped, then tail. */
  text: string;
  droppedBytes: number;
}

/** The line that stands in for the dropped middle of an output. */
export function dropMark(droppedBytes: number): string {
  return `\n… ${droppedBytes} bytes dropped …\n`;
}

/**
 * Collects a byte stream keeping at most `maxBytes`: the first half as it
 * arrives and the last half in a rolling window, so memory stays bounded
 * however much the remote command prints.
 */
export class BoundedCollector {
  private readonly head: Buffer;
  private headUsed = 0;
  private readonly tailLimit: number;
  private tail: Buffer[] = [];
  private tailUsed = 0;
  private total = 0;

  constructor(maxBytes: number) {
    const headBytes = Math.ceil(maxBytes / 2);
    this.head = Buffer.alloc(headBytes);
    this.tailLimit = maxBytes - headBytes;
  }

  push(chunk: Buffer): void {
    this.total += chunk.length;
    const toHead = Math.min(chunk.length, this.head.length - this.headUsed);
    chunk.copy(this.head, this.headUsed, 0, toHead);
    this.headUsed += toHead;
    if (toHead < chunk.length) this.pushTail(chunk.subarray(toHead));
  }

  finish(): BoundedText {
    const head = trimHeadToChar(this.head.subarray(0, this.headUsed));
    const tail = trimTailToChar(this.tailBytes());
    const droppedBytes = this.total - head.length - tail.length;
    const mark = droppedBytes > 0 ? dropMark(droppedBytes) : "";
    return {
      text: `${head.toString("utf8")}${mark}${tail.toString("utf8")}`,
      droppedBytes,
    };
  }

  private pushTail(bytes: Buffer): void {
    if (this.tailLimit === 0) return;
    // A copy, so the window never pins the transport's larger buffers.
    this.tail.push(Buffer.from(bytes));
    this.tailUsed += bytes.length;
    while (this.tailUsed - this.tail[0]!.length >= this.tailLimit) {
      this.tailUsed -= this.tail.shift()!.length;
    }
  }

  private tailBytes(): Buffer {
    const all = Buffer.concat(this.tail);
    return all.subarray(Math.max(0, all.length - this.tailLimit));
  }
}

/** Drops a multi-byte character cut off at the end of the head. */
function trimHeadToChar(bytes: Buffer): Buffer {
  let start = bytes.length - 1;
  // Walk back over continuation bytes (10xxxxxx) to the lead byte.
  while (start >= 0 && (bytes[start]! & 0xc0) === 0x80) start -= 1;
  if (start < 0) return bytes;
  const need = sequenceLength(bytes[start]!);
  return start + need > bytes.length ? bytes.subarray(0, start) : bytes;
}

/** Drops continuation bytes left at the start of the tail by the cut. */
function trimTailToChar(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length && (bytes[start]! & 0xc0) === 0x80) start += 1;
  return start > 3 ? bytes : bytes.subarray(start);
}

function sequenceLength(lead: number): number {
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc0) return 2;
  return 1;
}
