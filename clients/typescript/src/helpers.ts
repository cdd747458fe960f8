import { NetworkError, ProblemError, UnexpectedResponseError } from "./errors.js";

/** What every call of openapi-fetch answers: the body of a success, or the error body, and the response. */
export type Result<D> =
  | { data: D; error?: never; response: Response }
  | { data?: never; error: unknown; response: Response };

/** The body of a call's success; `undefined` for calls without one (204). */
export type Data<R> = [Extract<R, { data: unknown }>["data"]] extends [never]
  ? undefined
  : Extract<R, { data: unknown }>["data"];

/** The item type of a collection call's pages. */
export type ItemOf<R> = Data<R> extends { items: readonly unknown[] } ? Data<R>["items"][number] : never;

/**
 * The body of a successful call, or a typed error: `ProblemError` for a 4xx or 5xx (decoded from problem+json),
 * `NetworkError` when no answer came (offline, or a browser's CORS refusal), `UnexpectedResponseError` for a success
 * whose body is not JSON or a status that is neither success nor error (a 304 when no `If-None-Match` was sent).
 */
export async function unwrap<R extends Result<unknown>>(pending: Promise<R>): Promise<Data<R>> {
  let result: R;
  try {
    result = await pending;
  } catch (e) {
    if (e instanceof SyntaxError) {
      throw new UnexpectedResponseError(`the API's answer is not JSON: ${e.message}`, undefined, e);
    }
    if (e instanceof TypeError) {
      throw new NetworkError(e);
    }
    throw e;
  }
  const { response } = result;
  if (response.ok) {
    return result.data as Data<R>;
  }
  if (response.status >= 400) {
    throw new ProblemError(response, result.error);
  }
  throw new UnexpectedResponseError(`unexpected status ${response.status}`, response.status);
}

/** A page of a collection: `{items, nextCursor}`, `nextCursor` null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

/**
 * Walks a collection page by page: calls `fetchPage` with no cursor, then with each page's `nextCursor`, until a page
 * has none. Errors are thrown as `unwrap` throws them; a cursor answered twice is an `UnexpectedResponseError` (it
 * would never end).
 *
 *   for await (const page of pages((cursor) => client.GET("/v1/projects", { params: { query: { limit: 50, cursor } } })))
 */
export async function* pages<R extends Result<Page<unknown>>>(
  fetchPage: (cursor: string | undefined) => Promise<R>,
): AsyncGenerator<ItemOf<R>[], void, undefined> {
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = (await unwrap(fetchPage(cursor))) as Page<ItemOf<R>> | undefined;
    if (!page || !Array.isArray(page.items)) {
      throw new UnexpectedResponseError("a page without items", undefined);
    }
    yield page.items;
    cursor = page.nextCursor ?? undefined;
    if (cursor !== undefined) {
      if (seen.has(cursor)) {
        throw new UnexpectedResponseError("the API answered the same nextCursor twice", undefined);
      }
      seen.add(cursor);
    }
  } while (cursor !== undefined);
}

/** Every item of a collection, across its pages (see `pages`). */
export async function* items<R extends Result<Page<unknown>>>(
  fetchPage: (cursor: string | undefined) => Promise<R>,
): AsyncGenerator<ItemOf<R>, void, undefined> {
  for await (const page of pages(fetchPage)) {
    yield* page;
  }
}

/**
 * The `If-Match` header for a change meant for one version: from the resource (its `version`, whose strong ETag is
 * `"<version>"`), from the response it came with (its `ETag`), or an ETag as such. Spread it into `params.header`.
 */
export function ifMatch(source: { version: number } | Response | string): { "If-Match": string } {
  if (typeof source === "string") {
    return { "If-Match": source };
  }
  if (source instanceof Response) {
    const tag = etag(source);
    if (tag === undefined) {
      throw new UnexpectedResponseError("the response carries no ETag", source.status);
    }
    return { "If-Match": tag };
  }
  if (!Number.isInteger(source.version)) {
    throw new UnexpectedResponseError("the resource has no version", undefined);
  }
  return { "If-Match": `"${source.version}"` };
}

/** The response's `ETag`, if any. */
export function etag(response: Response): string | undefined {
  return response.headers.get("etag") ?? undefined;
}
