// Type-level checks of the client against the generated types: `npm run typecheck` (tsc) fails when one breaks.
// Nothing here runs; each line states what a caller may and may not write.
import {
  createTenantryClient,
  ifMatch,
  items,
  pages,
  ProblemError,
  unwrap,
  type Media,
  type Project,
} from "../src/index.js";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T>(_value: T): void {}

export async function typed(): Promise<void> {
  const client = createTenantryClient({ baseUrl: "http://127.0.0.1:3000", token: () => "t" });

  const created = await unwrap(client.POST("/v1/projects", { body: { name: "A" } }));
  expectType<Equal<typeof created, Project>>(true);

  // @ts-expect-error: name is required
  await unwrap(client.POST("/v1/projects", { body: { description: "no name" } }));
  // @ts-expect-error: no such route
  await unwrap(client.GET("/v1/project"));

  const updated = await unwrap(
    client.PATCH("/v1/projects/{projectId}", {
      params: { path: { projectId: created.id }, header: ifMatch(created) },
      body: { name: "B" },
    }),
  );
  expectType<Equal<typeof updated, Project>>(true);

  const deleted = await unwrap(client.DELETE("/v1/projects/{projectId}", { params: { path: { projectId: created.id } } }));
  expectType<Equal<typeof deleted, undefined>>(true);

  for await (const page of pages((cursor) => client.GET("/v1/projects", { params: { query: { limit: 2, cursor } } }))) {
    // The document's pages are `Page` (items of any object) and the collection's item type: both hold.
    const projects: Project[] = page;
    expectType<string>(page[0]!.name);
    // @ts-expect-error: a project has no status
    expectType<string>(page[0]!.status);
    void projects;
  }
  for await (const media of items((cursor) => client.GET("/v1/media", { params: { query: { cursor } } }))) {
    const one: Media = media;
    void one;
    // @ts-expect-error: not a media status
    if (media.status === "done") return;
  }

  try {
    await unwrap(client.GET("/v1/tenant"));
  } catch (e) {
    if (e instanceof ProblemError) {
      expectType<string | undefined>(e.fieldError("name"));
      // @ts-expect-error: not a problem type of the document
      if (e.type === "https://tenantry.io/problems/nope") return;
    }
  }
}
