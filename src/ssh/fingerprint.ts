import { createHash, timingSafeEqual } from "node:crypto";

/**
 * The SHA256 fingerprint of a raw host key blob, written exactly as
 * `ssh-keygen -lf` prints it: `SHA256:` and unpadded base64.
 */
export function fingerprintOf(keyBlob: Buffer): string {
  const digest = createHash("sha256").update(keyBlob).digest("base64");
  return `SHA256:${digest.replace(/=+$/, "")}`;
}

/** Compares two fingerprints in constant time. */
export function isSameFingerprint(a: string, b: string): boolean {
  // Hashing first gives equal lengths, which timingSafeEqual requires, and
  // hides the length of the pinned value.
  return timingSafeEqual(digestOf(a), digestOf(b));
}

function digestOf(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}
