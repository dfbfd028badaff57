import { createSign, generateKeyPairSync } from "node:crypto";
import { Octokit } from "@octokit/rest";
import {
  type GitHubStandIn,
  startGitHubStandIn,
} from "../../src/standins/github/server.js";

/** An RSA key pair made for this run; never written anywhere. */
export function makeKeys() {
  return generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
}

export const appId = 4242;
export const webhookSecret = "stand-in-test-secret";

/** A stand-in for tests with alice, bob and the team `ops`. */
export async function startForTest(
  publicKeyPem: string,
  options: { echoAppEvents?: boolean } = {},
): Promise<GitHubStandIn> {
  const standIn = await startGitHubStandIn({
    appId,
    appSlug: "approval-runner",
    publicKeyPem,
    webhookSecret,
    ...options,
  });
  standIn.addUser("alice");
  standIn.addUser("bob");
  standIn.addTeam("ops", ["bob"]);
  standIn.setPermission(standIn.repo, "bob", "write");
  return standIn;
}

/** Signs an app JWT as GitHub expects, with adjustable claims. */
export function signJwt(
  privateKeyPem: string,
  claims: { iss?: number | string; iat?: number; exp?: number } = {},
): string {
  const now = Math.floor(Date.now() / 1000);
  const body = { iat: now - 30, exp: now + 540, iss: appId, ...claims };
  const encode = (value: object) =>
    Buffer.from(JSON.stringify(value)).toString("base64url");
  const data = `${encode({ alg: "RS256", typ: "JWT" })}.${encode(body)}`;
  const signature = createSign("RSA-SHA256").update(data).sign(privateKeyPem);
  return `${data}.${signature.toString("base64url")}`;
}

/** Exchanges a JWT for an installation token with plain fetch. */
export function requestToken(standIn: GitHubStandIn, authorization?: string) {
  const url = `${standIn.apiUrl}/app/installations/${standIn.installationId}/access_tokens`;
  const headers: Record<string, string> = { accept: "application/json" };
  if (authorization) headers["authorization"] = authorization;
  return fetch(url, { method: "POST", headers });
}

/** An Octokit acting as the app's installation, retries off. */
export async function installationOctokit(
  standIn: GitHubStandIn,
  privateKeyPem: string,
): Promise<Octokit> {
  const response = await requestToken(
    standIn,
    `Bearer ${signJwt(privateKeyPem)}`,
  );
  const { token } = (await response.json()) as { token: string };
  return new Octokit({ auth: token, baseUrl: standIn.apiUrl });
}
