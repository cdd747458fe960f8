export { createTenantryClient, idempotencyKey, IDEMPOTENT_POSTS } from "./client.js";
export type { IdempotentPost, TenantryClient, TenantryClientOptions } from "./client.js";
export { etag, ifMatch, items, pages, unwrap } from "./helpers.js";
export type { Data, ItemOf, Page, Result } from "./helpers.js";
export { isTenantryError, NetworkError, ProblemError, UnexpectedResponseError } from "./errors.js";
export type { FieldError, Problem, ProblemType, TenantryError } from "./errors.js";
export type { components, operations, paths } from "./generated/openapi.js";

import type { components } from "./generated/openapi.js";
type Schemas = components["schemas"];
export type Tenant = Schemas["Tenant"];
export type Me = Schemas["Me"];
export type Member = Schemas["Member"];
export type Project = Schemas["Project"];
export type Media = Schemas["Media"];
export type MediaVariant = Schemas["MediaVariant"];
export type Webhook = Schemas["Webhook"];
export type AuditEvent = Schemas["AuditEvent"];
export type Invoice = Schemas["Invoice"];
