import ssh2, { type ParsedKey } from "ssh2";

const { utils } = ssh2;

export interface Ed25519Pair {
  /** The private key in OpenSSH format. */
  private: string;
  publicKey: ParsedKey;
}

/**
 * An ed25519 pair that ssh2 can read back. Its generator now and then
 * (about 1 in 300) writes a key its own parser rejects; draw again.
 */
export function readableEd25519Pair(): Ed25519Pair {
  for (let attempt = 1; ; attempt++) {
    const pair = utils.generateKeyPairSync("ed25519");
    const publicKey = utils.parseKey(pair.public);
    const privateKey = utils.parseKey(pair.private);
    if (!(publicKey instanceof Error) && !(privateKey instanceof Error)) {
      return { private: pair.private, publicKey };
    }
    if (attempt === 20)
      throw publicKey instanceof Error ? publicKey : privateKey;
  }
}
