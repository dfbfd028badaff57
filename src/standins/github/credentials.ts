import { createSign, generateKeyPairSync } from "node:crypto";
import { fail } from "../../errors.js";

/** An app key pair, made at run time for tests and the sandbox. */
export interface AppKeys {
  readonly publicKeyPem: string;
  readonly privateKeyPem: string;
}

export function generateAppKeys(): AppKeys {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}

/** Claims of an app JWT; `iat`/`exp` default to now-30 s and now+9 min. */
export interface AppJwtClaims {
  iss: number | string;
  iat?: number;
  exp?: number;
}

/** Signs an app JWT (RS256) the way GitHub Apps authenticate. */
export function signAppJwt(privateKeyPem: string, claims: AppJwtClaims) {
  const now = Math.floor(Date.now() / 1000);
  const body = { iat: now - 30, exp: now + 540, ...claims };
  const encode = (value: object) =>
    Buffer.from(JSON.stringify(value)).toString("base64url");
  const data = `${encode({ alg: "RS256", typ: "JWT" })}.${encode(body)}`;
  const signature = createSign("RSA-SHA256").update(data).sign(privateKeyPem);
  return `${data}.${signature.toString("base64url")}`;
}

/** Exchanges an app JWT for an installation token at a stand-in. */
export async function mintInstallationToken(options: {
  apiUrl: string;
  installationId: number;
  appId: number;
  privateKeyPem: string;
}): Promise<string> {
  const jwt = signAppJwt(options.privateKeyPem, { iss: options.appId });
  const url = `${options.apiUrl}/app/installations/${options.installationId}/access_tokens`;
  const response = await fetch(url, {
    method: "POST",
    headers: { authorization: `Bearer ${jwt}`, accept: "application/json" },
  });
  const body = (await response.json()) as { token?: string; message?: string };
  if (response.status !== 201 || !body.token) {
    throw fail("AR_STANDIN_USAGE", {
      call: "mintInstallationToken",
      problem: `the token exchange answered ${response.status} ${body.message}`,
    });
  }
  return body.token;
}
