/** What Duo's preauth says a user must do next. */
export type PreauthResult = "auth" | "allow" | "deny" | "enroll";

/** One enrolled device, as Duo's preauth lists it. */
export interface DuoDevice {
  /** Duo's device id, or `auto`-style names Duo may use. */
  device: string;
  /** `phone`, `token`, `desktop`, …; kept as Duo sends it. */
  type: string;
  /** Factors it supports: `push`, `sms`, `phone`, `mobile_otp`, … */
  capabilities: string[];
}

/** Duo's answer to `/auth/v2/preauth`. */
export interface PreauthAnswer {
  result: PreauthResult;
  /** Duo's text meant for display. */
  statusMsg: string;
  devices: DuoDevice[];
  /** Only with `enroll`: a bearer link that enrolls a device for the user. */
  enrollPortalUrl?: string;
}

/** The second factors the app asks Duo for. */
export type DuoFactor = "passcode" | "push";

export interface AuthRequest {
  username: string;
  factor: DuoFactor;
  /** Required for `passcode`; kept as text so "012345" stays itself. */
  passcode?: string;
  /** The person's address, for Duo's policies and logs. */
  ipaddr?: string;
  /** Extra lines shown in Duo Mobile for a push. */
  pushinfo?: Record<string, string>;
}

/** Duo's answer to a synchronous `/auth/v2/auth`. */
export interface AuthAnswer {
  result: "allow" | "deny";
  /** Duo's status word, e.g. `allow`, `deny`, `timeout`, `fraud`. */
  status: string;
  statusMsg: string;
}

/**
 * The seam to Duo's Auth API. Every method fails closed: when Duo gives no
 * readable answer it throws an AppError with an `AR_DUO_*` code.
 */
export interface DuoClient {
  preauth(
    username: string,
    options?: { ipaddr?: string },
  ): Promise<PreauthAnswer>;
  auth(request: AuthRequest): Promise<AuthAnswer>;
  /** Proves ikey, skey, API host and clock with a signed `/auth/v2/check`. */
  check(): Promise<void>;
}
