import { type DestinationStream, type Logger, pino } from "pino";
import { duoRedactPaths } from "./duo/redact.js";

/** Every path under which a secret can appear in a log line. */
export const redactPaths = [
  "passcode",
  "*.passcode",
  "*.*.passcode",
  "token",
  "*.token",
  "skey",
  "*.skey",
  "privateKey",
  "*.privateKey",
  "passphrase",
  "*.passphrase",
  "secret",
  "*.secret",
  "webhookSecret",
  "*.webhookSecret",
  "authorization",
  "*.authorization",
  "*.headers.authorization",
  "*.headers.cookie",
  'req.headers["x-hub-signature-256"]',
  ...duoRedactPaths,
];

export type { Logger };

/** The app's logger: JSON lines with secrets redacted. */
export function createLogger(
  options: { level?: string; destination?: DestinationStream } = {},
): Logger {
  const level = options.level ?? process.env["LOG_LEVEL"] ?? "info";
  const config = {
    level,
    redact: { paths: redactPaths, censor: "[redacted]" },
    base: { app: "approval-runner" },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}
