/** One page of a list, and GitHub's `Link` header for the others. */
export interface Page<T> {
  readonly items: T[];
  readonly link: string | undefined;
}

const defaultPerPage = 30;
const maxPerPage = 100;

/** Cuts a list the way GitHub does with `per_page` and `page`. */
export function paginate<T>(items: T[], url: URL): Page<T> {
  const perPage = clamp(url.searchParams.get("per_page"), defaultPerPage);
  const page = Math.max(1, whole(url.searchParams.get("page")) ?? 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const start = (page - 1) * perPage;
  const slice = items.slice(start, start + perPage);
  return { items: slice, link: linkHeader(url, page, last, perPage) };
}

function clamp(raw: string | null, fallback: number): number {
  const value = whole(raw);
  if (value === undefined || value < 1) return fallback;
  return Math.min(value, maxPerPage);
}

function whole(raw: string | null): number | undefined {
  return raw !== null && /^\d+$/.test(raw) ? Number(raw) : undefined;
}

function linkHeader(url: URL, page: number, last: number, perPage: number) {
  const rels: [string, number][] = [];
  if (page > 1) rels.push(["prev", Math.min(page - 1, last)]);
  if (page < last) rels.push(["next", page + 1], ["last", last]);
  if (page > 1) rels.push(["first", 1]);
  if (rels.length === 0) return undefined;
  return rels
    .map(([rel, n]) => `<${pageUrl(url, n, perPage)}>; rel="${rel}"`)
    .join(", ");
}

function pageUrl(url: URL, page: number, perPage: number): string {
  const next = new URL(url);
  next.searchParams.set("per_page", String(perPage));
  next.searchParams.set("page", String(page));
  return next.toString();
}
