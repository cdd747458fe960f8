import type { components } from "./generated/openapi.js";

/** The problem+json body every error of the API carries (RFC 9457), as docs/openapi.yaml defines it. */
export type Problem = components["schemas"]["Problem"];
/** One bad field of a `validation-failed` problem. */
export type FieldError = components["schemas"]["FieldError"];
/** The problem types the API answers with (`https://tenantry.io/problems/<slug>`). */
export type ProblemType = Problem["type"];

/** What a call can fail with: a problem the API answered, no answer at all, or an answer this client cannot read. */
export type TenantryError = ProblemError | NetworkError | UnexpectedResponseError;

export function isTenantryError(value: unknown): value is TenantryError {
  return value instanceof ProblemError || value instanceof NetworkError || value instanceof UnexpectedResponseError;
}

/**
 * An error answer (4xx, 5xx), decoded from its problem+json body. An error whose body is not problem+json (a proxy's
 * HTML page, an empty 502) becomes a problem too, with `type: "about:blank"` and the status's title, as RFC 9457 says
 * for a problem without a type; `problemJson` then is false.
 */
export class ProblemError extends Error {
  readonly kind = "problem" as const;
  /** A `https://tenantry.io/problems/<slug>` of the document, or `about:blank` for a body that was not problem+json. */
  readonly type: ProblemType | "about:blank";
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** The problem's `requestId`, else the response's `X-Request-Id`. */
  readonly requestId: string | undefined;
  /** One entry per bad field (`validation-failed`); empty otherwise. */
  readonly errors: readonly FieldError[];
  /** Seconds to wait before retrying, from `Retry-After` (429 and 503). */
  readonly retryAfter: number | undefined;
  /** Whether the body was the API's problem+json. */
  readonly problemJson: boolean;
  readonly response: Response;

  constructor(response: Response, body: unknown) {
    const problem = asProblem(body);
    const title = problem?.title ?? (response.statusText || `HTTP ${response.status}`);
    const detail = problem?.detail ?? bodyText(body);
    super(`${response.status} ${title}${detail ? `: ${detail}` : ""}`);
    this.name = "ProblemError";
    this.type = problem?.type ?? "about:blank";
    this.title = title;
    this.status = problem?.status ?? response.status;
    this.detail = detail;
    this.requestId = problem?.requestId || response.headers.get("x-request-id") || undefined;
    this.errors = problem?.errors ?? [];
    this.retryAfter = retryAfter(response.headers.get("retry-after"));
    this.problemJson = problem !== undefined;
    this.response = response;
  }

  /** The problem's slug: `precondition-failed` for `https://tenantry.io/problems/precondition-failed`. */
  get slug(): string {
    return this.type.slice(this.type.lastIndexOf("/") + 1);
  }

  /** The message of the field named, when the problem names it. */
  fieldError(field: string): string | undefined {
    return this.errors.find((e) => e.field === field)?.message;
  }
}

/**
 * No answer: the network failed, or the browser refused to hand the answer over (a CORS refusal shows as a fetch
 * `TypeError`, which is the `cause`).
 */
export class NetworkError extends Error {
  readonly kind = "network" as const;
  override readonly cause: unknown;

  constructor(cause: unknown) {
    super(`no answer from the API: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "NetworkError";
    this.cause = cause;
  }
}

/** A success status whose body is not what the API sends (not JSON, or a status the call does not expect). */
export class UnexpectedResponseError extends Error {
  readonly kind = "unexpected-response" as const;
  readonly status: number | undefined;
  override readonly cause: unknown;

  constructor(message: string, status: number | undefined, cause?: unknown) {
    super(message);
    this.name = "UnexpectedResponseError";
    this.status = status;
    this.cause = cause;
  }
}

function asProblem(body: unknown): Problem | undefined {
  if (typeof body !== "object" || body === null) {
    return undefined;
  }
  const b = body as Record<string, unknown>;
  if (typeof b.type !== "string" || typeof b.title !== "string" || typeof b.status !== "number") {
    return undefined;
  }
  const errors = Array.isArray(b.errors)
    ? b.errors.filter(
        (e): e is FieldError =>
          typeof e === "object" && e !== null && typeof e.field === "string" && typeof e.message === "string",
      )
    : undefined;
  return {
    type: b.type as ProblemType,
    title: b.title,
    status: b.status,
    detail: typeof b.detail === "string" ? b.detail : "",
    requestId: typeof b.requestId === "string" ? b.requestId : "",
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

function bodyText(body: unknown): string {
  if (body === undefined || body === null || body === "") {
    return "";
  }
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function retryAfter(header: string | null): number | undefined {
  if (header === null) {
    return undefined;
  }
  const seconds = Number(header.trim());
  if (Number.isFinite(seconds) && seconds >= 0) {
    return seconds;
  }
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
