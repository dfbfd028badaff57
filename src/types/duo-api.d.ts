// The Duo SDK ships no types; these cover the parts we call (v1.5.0).

declare module "@duosecurity/duo_api" {
  /** Request parameters; an array value is sent once per element. */
  export type DuoParams = Record<string, string | string[]>;

  export const SIGNATURE_VERSION_2: 2;
  export const SIGNATURE_VERSION_5: 5;

  export class Client {
    constructor(ikey: string, skey: string, host: string, sigVersion?: 2 | 5);
    /** Calls back with the raw body; never with an error argument. */
    apiCall(
      method: string,
      path: string,
      params: DuoParams,
      callback: (body: string) => void,
    ): void;
    /** Throws uncaught on a non-JSON body; prefer `apiCall`. */
    jsonApiCall(
      method: string,
      path: string,
      params: DuoParams,
      callback: (body: unknown) => void,
    ): void;
  }
}

declare module "@duosecurity/duo_api/lib/duo_sig.js" {
  import type { DuoParams } from "@duosecurity/duo_api";

  /** The v2 (HMAC-SHA512) `Authorization` header value. */
  export function sign(
    ikey: string,
    skey: string,
    method: string,
    host: string,
    path: string,
    params: DuoParams,
    date: string,
  ): string;

  /** The v5 `Authorization` header value (JSON body hashed in). */
  export function signV5(
    ikey: string,
    skey: string,
    method: string,
    host: string,
    path: string,
    params: DuoParams,
    date: string,
    body: string,
  ): string;
}
