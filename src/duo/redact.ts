/**
 * Pino redact paths for everything Duo-related that is secret: the
 * passcode a person typed, the integration's secret key, the signed
 * Authorization header, and tokens (form tokens, Duo's trusted device
 * token). The app's logger adds these to its own list.
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
];
