/**
 * Pino redact paths for everything Duo-related that is secret: the
 * passcode a person typed, the integration's secret key, the signed
 * Authorization header, and tokens (form tokens, Duo's trusted device
 * token), and the bodies of the app's GitHub requests, where a form link
 * travels. The app's logger adds these to its own list.
 */
export const duoRedactPaths: string[] = [
  "passcode",
  "*.passcode",
  "*.*.passcode",
  "skey",
  "*.skey",
  "*.*.skey",
  "authorization",
  "Authorization",
  "*.authorization",
  "*.Authorization",
  "*.headers.authorization",
  "*.headers.Authorization",
  "token",
  "*.token",
  "formToken",
  "*.formToken",
  "trusted_device_token",
  "*.trusted_device_token",
  "trustedDeviceToken",
  "*.trustedDeviceToken",
  // Probot logs each GitHub request's body as top-level fields at debug
  // level, and a failed request keeps it on the error: a comment that
  // carries a personal form link must not reach the log with its token.
  "body",
  "*.request.body",
  "*.response.data.body",
];
