import { type BoundedText, dropMark } from "./bounded.js";

/**
 * Cuts `bounded` to at most `maxChars` characters of output (plus one drop
 * mark), keeping head and tail and adding what it cuts to the count.
 */
export function shrinkText(
  bounded: BoundedText,
  maxChars: number,
): BoundedText {
  if (bounded.text.length <= maxChars) return bounded;
  const [head, tail] = splitAtMark(bounded);
  const tailChars = Math.min(tail.length, Math.floor(maxChars / 2));
  const headChars = Math.min(head.length, maxChars - tailChars);
  const keptHead = head.slice(0, safeCut(head, headChars));
  const keptTail = tail.slice(safeCut(tail, tail.length - tailChars));
  const cut =
    byteLength(head) -
    byteLength(keptHead) +
    byteLength(tail) -
    byteLength(keptTail);
  const droppedBytes = bounded.droppedBytes + cut;
  return { text: keptHead + dropMark(droppedBytes) + keptTail, droppedBytes };
}

/**
 * Splits at the existing drop mark, or in the middle when nothing was
 * dropped yet. Output that imitates the exact mark can only skew the count.
 */
function splitAtMark(bounded: BoundedText): [string, string] {
  const { text, droppedBytes } = bounded;
  const mark = dropMark(droppedBytes);
  const at = droppedBytes > 0 ? text.indexOf(mark) : -1;
  if (at >= 0) return [text.slice(0, at), text.slice(at + mark.length)];
  const middle = safeCut(text, Math.floor(text.length / 2));
  return [text.slice(0, middle), text.slice(middle)];
}

/** Moves a cut off the middle of a surrogate pair. */
function safeCut(text: string, index: number): number {
  const code = text.charCodeAt(index);
  const isLowSurrogate = code >= 0xdc00 && code <= 0xdfff;
  return isLowSurrogate && index > 0 ? index - 1 : index;
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, "utf8");
}
