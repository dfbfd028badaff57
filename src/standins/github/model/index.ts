export { Model } from "./store.js";
export type * from "./types.js";
