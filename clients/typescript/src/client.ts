import createClient, { type Client, type Middleware } from "openapi-fetch";
import { NetworkError } from "./errors.js";
import type { paths } from "./generated/openapi.js";

/** The typed client: openapi-fetch's `GET`/`POST`/`PATCH`/`DELETE` over the document's paths. */
export type TenantryClient = Client<paths>;

/** The paths whose `POST` declares the `Idempotency-Key` header in docs/openapi.yaml (computed from the types). */
export type IdempotentPost = {
  [P in keyof paths]: paths[P] extends { post: { parameters: { header?: infer H } } }
    ? "Idempotency-Key" extends keyof NonNullable<H>
      ? P
      : never
    : never;
}[keyof paths];

/**
 * The same paths at run time. `satisfies` and the check below make `tsc` fail when this list and the document
 * disagree, so a regenerated client that gains or loses an idempotent POST does not build until the list follows.
 */
export const IDEMPOTENT_POSTS = [
  "/v1/tenants",
  "/v1/users",
  "/v1/projects",
  "/v1/webhooks",
  "/v1/media",
  "/v1/invoices",
  "/v1/users/{userId}/invitation",
  "/v1/webhooks/{webhookId}/rotate-secret",
] as const satisfies readonly IdempotentPost[];
type Missing = Exclude<IdempotentPost, (typeof IDEMPOTENT_POSTS)[number]>;
const everyIdempotentPostListed: [Missing] extends [never] ? true : Missing = true;
void everyIdempotentPostListed;

export interface TenantryClientOptions {
  /** The API's origin, e.g. `http://127.0.0.1:3000` (paths start with `/v1`). */
  baseUrl: string;
  /** The bearer token, or a function giving the current one (called for every request; may be async). */
  token?: string | (() => string | undefined | Promise<string | undefined>);
  /**
   * Send a generated `Idempotency-Key` with every POST that honours it and carries none (default true). A retry of
   * the same request must send the same key: pass it yourself (`headers: {"Idempotency-Key": key}`) to retry safely.
   */
  idempotencyKeys?: boolean;
  /** Another fetch (tests, a proxy); default `globalThis.fetch`. */
  fetch?: (input: Request) => Promise<Response>;
}

/** Makes the client: `createTenantryClient({baseUrl, token})`, then `await unwrap(client.GET("/v1/me"))`. */
export function createTenantryClient(options: TenantryClientOptions): TenantryClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  client.use(authorization(options.token), networkErrors);
  if (options.idempotencyKeys ?? true) {
    client.use(idempotencyKeys());
  }
  return client;
}

function authorization(token: TenantryClientOptions["token"]): Middleware {
  return {
    async onRequest({ request }) {
      const value = typeof token === "function" ? await token() : token;
      if (value && !request.headers.has("authorization")) {
        request.headers.set("authorization", `Bearer ${value}`);
      }
      return request;
    },
  };
}

/** A fetch that did not answer (offline, refused by CORS) rejects with a `NetworkError`; an abort stays an abort. */
const networkErrors: Middleware = {
  onError({ error }) {
    if (error instanceof Error && error.name === "AbortError") {
      return undefined;
    }
    return error instanceof NetworkError ? error : new NetworkError(error);
  },
};

const idempotent: ReadonlySet<string> = new Set(IDEMPOTENT_POSTS);

function idempotencyKeys(): Middleware {
  return {
    onRequest({ request, schemaPath }) {
      if (request.method === "POST" && idempotent.has(schemaPath) && !request.headers.has("idempotency-key")) {
        request.headers.set("idempotency-key", idempotencyKey());
      }
      return request;
    },
  };
}

/**
 * A new idempotency key: 128 random bits as a UUID-shaped string. Uses `crypto.getRandomValues`, which (unlike
 * `crypto.randomUUID`) browsers offer on plain-http pages too.
 */
export function idempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
