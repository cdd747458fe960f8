// The page's walk through the API with the built client (tenantry-client.min.js, served beside this file). Each step
// fills its <section>: data-state "ok" or "failed", and data-result, the JSON the suite (run.mjs) checks. The page
// decides nothing about passing: it shows what the API and the browser did.
//
//   index.html?api=http://127.0.0.1:3000              the whole walk
//   index.html?api=http://127.0.0.1:3000&only=health  GET /v1/health only (the suite's other origin)
import {
  createTenantryClient,
  ifMatch,
  isTenantryError,
  pages,
  ProblemError,
  unwrap,
} from "./tenantry-client.min.js";

const query = new URLSearchParams(location.search);
const api = query.get("api") ?? "http://127.0.0.1:3000";
const only = query.get("only");
document.querySelector("#api").textContent = api;
document.querySelector("#origin").textContent = location.origin;

let token;
const client = createTenantryClient({ baseUrl: api, token: () => token });
const run = Date.now().toString(36);

/** Runs one step: its result goes to the section's data-result and text; an error marks it failed, with its kind. */
async function step(id, body) {
  const section = document.querySelector(`#${id}`);
  try {
    const result = await body(section);
    section.dataset.result = JSON.stringify(result);
    section.dataset.state = "ok";
    section.querySelector(".out").textContent = JSON.stringify(result, null, 2);
    return result;
  } catch (e) {
    const error = describe(e);
    section.dataset.result = JSON.stringify({ error });
    section.dataset.state = "failed";
    section.querySelector(".out").textContent = `${error.kind}: ${error.message}`;
    throw e;
  }
}

function describe(e) {
  if (isTenantryError(e)) {
    return {
      kind: e.kind,
      name: e.name,
      message: e.message,
      causeName: e.cause instanceof Error ? e.cause.name : undefined,
      ...(e instanceof ProblemError ? { status: e.status, type: e.type, title: e.title, detail: e.detail } : {}),
    };
  }
  return { kind: "other", name: e?.name, message: String(e?.message ?? e) };
}

/** A token from the local identity provider (POST /local/auth/token, not part of the OpenAPI document). */
async function localToken(body) {
  const response = await fetch(`${api}/local/auth/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(`POST /local/auth/token answered ${response.status}`);
  }
  return (await response.json()).token;
}

async function health() {
  return step("health", async () => {
    const answer = await unwrap(client.GET("/v1/health"));
    return { status: answer.status };
  });
}

async function walk() {
  const email = `browser-${run}@example.com`;
  const signup = await step("signup", async () => {
    token = await localToken({ email });
    const tenant = await unwrap(client.POST("/v1/tenants", { body: { name: `Browser ${run}` } }));
    token = await localToken({ email, tenantId: tenant.id });
    const me = await unwrap(client.GET("/v1/me"));
    return { tenantId: tenant.id, plan: tenant.plan, roles: me.memberships.map((m) => `${m.tenantId}:${m.role}`) };
  });

  const created = await step("create", async () => {
    const names = [];
    for (let i = 1; i <= 5; i++) {
      const project = await unwrap(client.POST("/v1/projects", { body: { name: `Project ${i}` } }));
      names.push(project.name);
    }
    // The same key and body twice: the second answer is the first one replayed.
    const key = `browser-${run}-replayed`;
    const first = await client.POST("/v1/projects", {
      body: { name: "Project 6" },
      params: { header: { "Idempotency-Key": key } },
    });
    const again = await client.POST("/v1/projects", {
      body: { name: "Project 6" },
      params: { header: { "Idempotency-Key": key } },
    });
    const one = await unwrap(Promise.resolve(first));
    const two = await unwrap(Promise.resolve(again));
    names.push(one.name);
    return {
      names,
      replayedSameId: one.id === two.id,
      replayedHeader: again.response.headers.get("idempotent-replayed"),
      lastId: one.id,
    };
  });

  await step("list", async (section) => {
    const list = section.querySelector(".pages");
    const seen = [];
    for await (const page of pages((cursor) => client.GET("/v1/projects", { params: { query: { limit: 2, cursor } } }))) {
      seen.push(page.map((p) => p.name));
      const li = document.createElement("li");
      li.textContent = page.map((p) => p.name).join(", ");
      list.append(li);
    }
    return { pages: seen };
  });

  await step("update", async () => {
    const fetched = await client.GET("/v1/projects/{projectId}", { params: { path: { projectId: created.lastId } } });
    const project = await unwrap(Promise.resolve(fetched));
    const etag = fetched.response.headers.get("etag");
    const updated = await unwrap(
      client.PATCH("/v1/projects/{projectId}", {
        params: { path: { projectId: project.id }, header: ifMatch(fetched.response) },
        body: { name: "Project 6, renamed" },
      }),
    );
    let stale;
    try {
      await unwrap(
        client.PATCH("/v1/projects/{projectId}", {
          params: { path: { projectId: project.id }, header: ifMatch(project) },
          body: { name: "Project 6, from a stale copy" },
        }),
      );
      stale = { status: "changed" };
    } catch (e) {
      if (!(e instanceof ProblemError)) throw e;
      stale = { status: e.status, slug: e.slug, title: e.title };
    }
    const after = await unwrap(client.GET("/v1/projects/{projectId}", { params: { path: { projectId: project.id } } }));
    return { etag, before: project.version, updated: updated.version, name: after.name, stale };
  });

  await step("upload", async (section) => {
    const image = await drawing(320, 240);
    const media = await unwrap(
      client.POST("/v1/media", { body: { fileName: "drawing.png", contentType: "image/png", sizeBytes: image.size } }),
    );
    const put = await fetch(media.uploadUrl, {
      method: "PUT",
      headers: { "Content-Type": media.uploadHeaders?.["Content-Type"] ?? "image/png" },
      body: image,
    });
    if (!put.ok) throw new Error(`the presigned PUT answered ${put.status}`);
    const started = Date.now();
    let item = media;
    while (item.status !== "ready" && item.status !== "rejected") {
      if (Date.now() - started > 60_000) throw new Error(`media still ${item.status} after 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 400));
      item = await unwrap(client.GET("/v1/media/{mediaId}", { params: { path: { mediaId: media.id } } }));
    }
    if (item.status !== "ready") throw new Error(`media ${item.status}: ${item.reason}`);
    const thumb = item.variants.find((v) => v.name === "thumb");
    const img = section.querySelector("#thumb");
    img.src = thumb.url;
    await img.decode();
    return {
      sizeBytes: image.size,
      status: item.status,
      waitedMs: Date.now() - started,
      thumb: { width: thumb.width, height: thumb.height },
      rendered: { width: img.naturalWidth, height: img.naturalHeight },
    };
  });

  await step("problem", async (section) => {
    try {
      await unwrap(client.POST("/v1/projects", { body: { name: "   " } }));
    } catch (e) {
      if (!(e instanceof ProblemError)) throw e;
      const box = section.querySelector(".problem");
      box.textContent = `${e.status} ${e.title}: ${e.detail}` + e.errors.map((f) => `\n${f.field}: ${f.message}`).join("");
      return {
        status: e.status,
        type: e.type,
        title: e.title,
        detail: e.detail,
        requestId: e.requestId,
        errors: e.errors,
        problemJson: e.problemJson,
        contentType: e.response.headers.get("content-type"),
      };
    }
    return { status: "created" };
  });
  return signup;
}

/** A PNG made on a canvas: a gradient and a few shapes, so the thumbnail has something to show. */
function drawing(width, height) {
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext("2d");
  const gradient = g.createLinearGradient(0, 0, width, height);
  gradient.addColorStop(0, "#1b6ca8");
  gradient.addColorStop(1, "#f4a259");
  g.fillStyle = gradient;
  g.fillRect(0, 0, width, height);
  g.fillStyle = "#fff";
  g.beginPath();
  g.arc(width / 3, height / 2, height / 4, 0, 2 * Math.PI);
  g.fill();
  g.fillRect((width * 3) / 5, height / 4, width / 4, height / 2);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("no PNG from the canvas"))), "image/png"),
  );
}

document.querySelector("#run").addEventListener("click", async () => {
  const status = document.querySelector("#status");
  status.textContent = "running";
  try {
    await health();
    if (only !== "health") {
      await walk();
    }
    status.textContent = "done";
  } catch (e) {
    status.textContent = "failed";
    console.warn("the walk stopped:", e);
  }
});
