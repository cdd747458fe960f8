// Unit tests of the hand-written helpers, on the built module (dist/), with a fetch that answers from a script:
// `npm run build && npm test`. The browser suite (browser-test/) runs the same client against the local backend.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  createTenantryClient,
  ifMatch,
  items,
  NetworkError,
  pages,
  ProblemError,
  UnexpectedResponseError,
  unwrap,
} from "../dist/index.js";

/** A client whose fetch records each request and answers with the next of `answers` (a Response or a thrown error). */
function scripted(...answers) {
  const requests = [];
  const client = createTenantryClient({
    baseUrl: "http://api.test/",
    token: async () => "tok",
    fetch: async (request) => {
      requests.push(request);
      const next = answers.shift();
      if (next instanceof Error) throw next;
      return next;
    },
  });
  return { client, requests };
}

const json = (status, body, headers = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
const project = { id: "prj_1", name: "A", description: null, createdAt: "t", updatedAt: "t", version: 1 };

test("a POST that honours Idempotency-Key gets a generated key, and the bearer token", async () => {
  const { client, requests } = scripted(json(201, project), json(201, project));
  await unwrap(client.POST("/v1/projects", { body: { name: "A" } }));
  await unwrap(client.POST("/v1/projects", { body: { name: "A" } }));
  const [first, second] = requests.map((r) => r.headers.get("idempotency-key"));
  assert.match(first, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(first, second);
  assert.equal(requests[0].headers.get("authorization"), "Bearer tok");
  assert.equal(requests[0].url, "http://api.test/v1/projects");
});

test("a key given by the caller is kept; a POST with a path parameter gets one too; a PATCH gets none", async () => {
  const { client, requests } = scripted(json(201, project), new Response(null, { status: 202 }), json(200, project));
  await unwrap(client.POST("/v1/projects", { body: { name: "A" }, params: { header: { "Idempotency-Key": "mine" } } }));
  await unwrap(client.POST("/v1/users/{userId}/invitation", { params: { path: { userId: "usr_1" } } }));
  await unwrap(client.PATCH("/v1/projects/{projectId}", { params: { path: { projectId: "prj_1" } }, body: {} }));
  const [given, generated, none] = requests.map((r) => r.headers.get("idempotency-key"));
  assert.equal(given, "mine");
  assert.match(generated, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(none, null);
});

test("problem+json becomes a ProblemError with its fields, field errors and Retry-After", async () => {
  const problem = {
    type: "https://tenantry.io/problems/validation-failed",
    title: "Validation failed",
    status: 400,
    detail: "The request has 1 invalid field.",
    requestId: "req-1",
    errors: [{ field: "name", message: "must not be blank" }],
  };
  const { client } = scripted(json(400, problem, { "content-type": "application/problem+json", "retry-after": "3" }));
  const error = await unwrap(client.POST("/v1/projects", { body: { name: " " } })).catch((e) => e);
  assert.ok(error instanceof ProblemError);
  assert.equal(error.kind, "problem");
  assert.equal(error.type, problem.type);
  assert.equal(error.slug, "validation-failed");
  assert.equal(error.status, 400);
  assert.equal(error.title, "Validation failed");
  assert.equal(error.detail, problem.detail);
  assert.equal(error.requestId, "req-1");
  assert.deepEqual(error.errors, problem.errors);
  assert.equal(error.fieldError("name"), "must not be blank");
  assert.equal(error.retryAfter, 3);
  assert.equal(error.problemJson, true);
});

test("an error that is not problem+json is still a ProblemError, about:blank, with the status's title", async () => {
  const { client } = scripted(
    new Response("<html>Bad gateway</html>", { status: 502, statusText: "Bad Gateway", headers: { "x-request-id": "r" } }),
  );
  const error = await unwrap(client.GET("/v1/tenant")).catch((e) => e);
  assert.ok(error instanceof ProblemError);
  assert.equal(error.type, "about:blank");
  assert.equal(error.status, 502);
  assert.equal(error.title, "Bad Gateway");
  assert.equal(error.detail, "<html>Bad gateway</html>");
  assert.equal(error.requestId, "r");
  assert.equal(error.problemJson, false);
});

test("no answer is a NetworkError; a success that is not JSON, or a 304, an UnexpectedResponseError", async () => {
  const { client } = scripted(
    new TypeError("Failed to fetch"),
    new Response("not json", { status: 200, headers: { "content-type": "application/json" } }),
    new Response(null, { status: 304 }),
  );
  const network = await unwrap(client.GET("/v1/tenant")).catch((e) => e);
  assert.ok(network instanceof NetworkError);
  assert.ok(network.cause instanceof TypeError);
  assert.ok((await unwrap(client.GET("/v1/tenant")).catch((e) => e)) instanceof UnexpectedResponseError);
  const notModified = await unwrap(client.GET("/v1/tenant")).catch((e) => e);
  assert.ok(notModified instanceof UnexpectedResponseError);
  assert.equal(notModified.status, 304);
});

test("the client itself rejects with a NetworkError when fetch does; an abort stays an AbortError", async () => {
  const aborted = new DOMException("The operation was aborted.", "AbortError");
  const { client } = scripted(new TypeError("fetch failed"), aborted);
  const error = await client.GET("/v1/tenant").catch((e) => e);
  assert.ok(error instanceof NetworkError);
  assert.equal(error.cause.message, "fetch failed");
  assert.equal(await client.GET("/v1/tenant").catch((e) => e), aborted);
});

test("a 204 unwraps to undefined", async () => {
  const { client } = scripted(new Response(null, { status: 204 }));
  assert.equal(await unwrap(client.DELETE("/v1/projects/{projectId}", { params: { path: { projectId: "prj_1" } } })), undefined);
});

test("pages follows nextCursor until null, sending each cursor back", async () => {
  const { client, requests } = scripted(
    json(200, { items: [{ ...project, id: "prj_3" }, { ...project, id: "prj_2" }], nextCursor: "c1" }),
    json(200, { items: [{ ...project, id: "prj_1" }], nextCursor: "c2" }),
    json(200, { items: [], nextCursor: null }),
  );
  const seen = [];
  for await (const page of pages((cursor) => client.GET("/v1/projects", { params: { query: { limit: 2, cursor } } }))) {
    seen.push(page.map((p) => p.id));
  }
  assert.deepEqual(seen, [["prj_3", "prj_2"], ["prj_1"], []]);
  assert.deepEqual(
    requests.map((r) => new URL(r.url).search),
    ["?limit=2", "?limit=2&cursor=c1", "?limit=2&cursor=c2"],
  );
});

test("items flattens the pages; a cursor answered twice stops the walk with an error instead of looping", async () => {
  const { client } = scripted(
    json(200, { items: [project], nextCursor: "same" }),
    json(200, { items: [project], nextCursor: "same" }),
  );
  const got = [];
  const error = await (async () => {
    for await (const item of items((cursor) => client.GET("/v1/projects", { params: { query: { cursor } } }))) {
      got.push(item.id);
    }
  })().catch((e) => e);
  assert.deepEqual(got, ["prj_1", "prj_1"]);
  assert.ok(error instanceof UnexpectedResponseError);
});

test("a failing page is thrown as the ProblemError of that page", async () => {
  const { client } = scripted(
    json(400, { type: "https://tenantry.io/problems/bad-request", title: "Bad cursor", status: 400, detail: "d", requestId: "x" }),
  );
  const walk = pages((cursor) => client.GET("/v1/projects", { params: { query: { cursor } } }));
  await assert.rejects(walk.next(), (e) => e instanceof ProblemError && e.slug === "bad-request");
});

test("ifMatch takes the resource's version, a response's ETag, or a tag", () => {
  assert.deepEqual(ifMatch({ version: 7 }), { "If-Match": '"7"' });
  assert.deepEqual(ifMatch(new Response("{}", { headers: { etag: '"9"' } })), { "If-Match": '"9"' });
  assert.deepEqual(ifMatch('"3"'), { "If-Match": '"3"' });
  assert.throws(() => ifMatch(new Response("{}")), UnexpectedResponseError);
});
