import type { CallFilter, CallRecord } from "./server.js";

/** Whether a recorded call matches every field the filter names. */
export function matchesCall(call: CallRecord, filter: CallFilter): boolean {
  return (
    pathMatches(call, filter.path) &&
    (filter.method === undefined ||
      filter.method.toUpperCase() === call.method) &&
    (filter.operationId === undefined ||
      filter.operationId === call.operationId) &&
    (filter.status === undefined || filter.status === call.status)
  );
}

function pathMatches(call: CallRecord, wanted: CallFilter["path"]) {
  const path = call.path.split("?")[0] ?? "";
  if (wanted === undefined) return true;
  if (typeof wanted === "string") return wanted === path;
  // A /g pattern keeps its position between tests; start afresh.
  wanted.lastIndex = 0;
  return wanted.test(path);
}
