# Tenantry build targets.
#
# Every function in template.yaml has `Metadata: BuildMethod: makefile` and `CodeUri: .`, so
# `sam build` runs `make build-<LogicalId>` (in a copy of this directory, with ARTIFACTS_DIR set)
# for each one. A target builds the function's Maven module and lays out what the Lambda Java
# runtime loads: the module's classes at the root of ARTIFACTS_DIR, its runtime jars in lib/.
#
#   make build-GetMeFunction ARTIFACTS_DIR=/tmp/out   one function, the way sam build calls it
#   make artifacts                                    every function, into .aws-sam/build/<LogicalId>/
#   make help                                         the targets and the function table
#
# A module is built at most once per make run, and not at all while its stamp
# (<module>/target/lambda/stamp) is newer than every input: the root, shared and module poms,
# .mvn/, this Makefile, and the files under shared/src/main and <module>/src/main (adding,
# deleting or renaming one counts too). The stamps live in target/, which sam build copies with
# the tree, so after `make modules` or `make artifacts` its copies reuse those builds.
# `make build-X REBUILD=1` ignores the stamp.
#
# Needs GNU make 3.81+ (macOS ships 3.81), bash, and a JDK 21+: $(JAVA_HOME) when set, else
# `/usr/libexec/java_home -v 21+` (macOS), else the `java` on PATH, else a JDK 21+ under
# /usr/lib/jvm.

SHELL := /bin/bash
.DEFAULT_GOAL := help
.SUFFIXES:
.DELETE_ON_ERROR:

# ---------------------------------------------------------------------------------------------
# The function table: one line per AWS::Serverless::Function in template.yaml, naming the Maven
# module (directory) that holds its handler. Adding a function means adding a line here (and an
# event in events/<context>/<LogicalId>.json); .ci/check-artifacts.sh checks both.

MODULE_PreTokenGenerationFunction := functions/identity
MODULE_GetHealthFunction          := functions/identity
MODULE_GetMeFunction              := functions/identity
MODULE_CreateTenantFunction       := functions/tenants
MODULE_GetTenantFunction          := functions/tenants
MODULE_UpdateTenantFunction       := functions/tenants
MODULE_ListUsersFunction          := functions/users
MODULE_CreateUserFunction         := functions/users
MODULE_GetUserFunction            := functions/users
MODULE_UpdateUserFunction         := functions/users
MODULE_DeleteUserFunction         := functions/users
MODULE_ResendInvitationFunction   := functions/users
MODULE_ListProjectsFunction       := functions/projects
MODULE_CreateProjectFunction      := functions/projects
MODULE_GetProjectFunction         := functions/projects
MODULE_UpdateProjectFunction      := functions/projects
MODULE_DeleteProjectFunction      := functions/projects
MODULE_ListMediaFunction          := functions/media
MODULE_CreateMediaFunction        := functions/media
MODULE_GetMediaFunction           := functions/media
MODULE_DeleteMediaFunction        := functions/media
MODULE_MediaQueueFunction         := functions/media
MODULE_GetUsageFunction           := functions/billing
MODULE_GetActivityFunction        := functions/billing
MODULE_CreateInvoiceFunction      := functions/billing
MODULE_ListInvoicesFunction       := functions/billing
MODULE_GetInvoiceFunction         := functions/billing
MODULE_InvoiceQueueFunction       := functions/billing
MODULE_DeleteTenantFunction       := functions/tenants
MODULE_TenantPurgeQueueFunction   := functions/tenants
MODULE_ChangeTenantPlanFunction   := functions/tenants
MODULE_ListAuditEventsFunction    := functions/tenants
MODULE_CostExportFunction         := functions/costexport
MODULE_PreTrafficHookFunction     := functions/deploys
MODULE_EmailQueueFunction         := functions/notifications
MODULE_CreateWebhookFunction      := functions/webhooks
MODULE_ListWebhooksFunction       := functions/webhooks
MODULE_GetWebhookFunction         := functions/webhooks
MODULE_DeleteWebhookFunction      := functions/webhooks
MODULE_RotateWebhookSecretFunction:= functions/webhooks
MODULE_ListWebhookDeliveriesFunction:= functions/webhooks
MODULE_WebhookQueueFunction       := functions/webhooks
MODULE_OutboxRelayFunction        := functions/outbox
MODULE_MediaUploadRelayFunction   := functions/outbox
MODULE_UsageLogFunction           := functions/metering

# Jars a function's artifact leaves out (their artifactIds): its module carries them for another of
# its functions only, and every bean that needs them is conditional on their classes
# (@Requires(classes = ...)), so the function's context never asks for them. InvokeAllFunctionsIT
# runs every function from its artifact (docs/artifacts.md).
BILLING_ROUTES_WITHOUT := pdfbox fontbox pdfbox-io commons-logging
TENANTS_ROUTES_WITHOUT := s3 arns aws-xml-protocol crt-core
WITHOUT_GetUsageFunction          := $(BILLING_ROUTES_WITHOUT)
WITHOUT_GetActivityFunction       := $(BILLING_ROUTES_WITHOUT)
WITHOUT_CreateInvoiceFunction     := $(BILLING_ROUTES_WITHOUT)
WITHOUT_ListInvoicesFunction      := $(BILLING_ROUTES_WITHOUT)
WITHOUT_GetInvoiceFunction        := $(BILLING_ROUTES_WITHOUT)
# The invoice worker verifies no token (CallerResolver, only in ApiRuntime) and pages nothing (the cursor keys).
WITHOUT_InvoiceQueueFunction      := nimbus-jose-jwt secretsmanager
WITHOUT_CreateTenantFunction      := $(TENANTS_ROUTES_WITHOUT)
WITHOUT_GetTenantFunction         := $(TENANTS_ROUTES_WITHOUT)
WITHOUT_UpdateTenantFunction      := $(TENANTS_ROUTES_WITHOUT)
WITHOUT_DeleteTenantFunction      := $(TENANTS_ROUTES_WITHOUT)
WITHOUT_ChangeTenantPlanFunction  := $(TENANTS_ROUTES_WITHOUT)
WITHOUT_ListAuditEventsFunction   := $(TENANTS_ROUTES_WITHOUT)

# (Only MODULE_* variables set in this file count, not ones from the environment.)
FUNCTIONS := $(sort $(patsubst MODULE_%,%,$(foreach v,$(filter MODULE_%,$(.VARIABLES)),$(if $(filter file,$(origin $(v))),$(v)))))
MODULES   := $(sort $(foreach f,$(FUNCTIONS),$(MODULE_$(f))))

# ---------------------------------------------------------------------------------------------
# Settings (override on the command line: make artifacts MVNW="sh ./mvnw").

MVNW        ?= ./mvnw
MVN_FLAGS   ?= -q -B
MVN_ARGS    ?= package -DskipTests -Dspotless.check.skip=true
JAVA_MIN    := 21
SHARED      := shared
LOCAL_BUILD := .aws-sam/build
REBUILD     ?=
# The shrinking step (tools/shrinker, docs/artifacts.md); `make ... NO_SHRINK=1` lays out the jars as Maven
# resolved them (for comparing sizes; a stamp does not remember which, so add REBUILD=1).
SHRINKER    := tools/shrinker
NO_SHRINK   ?=

# Everything a module's artifact is made from, besides the module's own pom and sources.
COMMON_INPUTS := pom.xml $(SHARED)/pom.xml $(shell find .mvn $(SHARED)/src/main -type f 2>/dev/null) \
                 $(SHRINKER)/pom.xml $(SHRINKER)/shrink.sh $(SHRINKER)/rules.pro $(SHRINKER)/dropped-resources
# This Makefile (sam build names it by its absolute path, from a copy of the tree): a prerequisite
# of every stamp, but kept out of the input lists so that the lists do not depend on the path.
SELF := $(firstword $(MAKEFILE_LIST))

stamp_of  = $(1)/target/lambda/stamp
inputs_of = $(1)/target/lambda/inputs
sources_of = $(1)/pom.xml $(shell find $(1)/src/main -type f 2>/dev/null)

# Where flock(1) exists, builds take target/lambda.lock exclusively and copies take it shared, so
# make processes sharing one work tree (`sam build --parallel --build-in-source`, `make -j`) never
# run two Mavens at once (each -am run writes shared/target) nor copy a lib/ being rebuilt.
HAVE_FLOCK := $(if $(shell command -v flock 2>/dev/null),yes,)
LOCK_EX    := mkdir -p target; $(if $(HAVE_FLOCK),exec 9>target/lambda.lock; flock 9;,)
LOCK_SH    := mkdir -p target; $(if $(HAVE_FLOCK),exec 9>target/lambda.lock; flock -s 9;,)

# ---------------------------------------------------------------------------------------------
# Shell snippets. A recipe is one shell line continued with `; \`, so it needs no .ONESHELL
# (make 3.82+).

STRICT := set -euo pipefail

# Exports a JAVA_HOME holding a JDK $(JAVA_MIN)+, or fails saying how to get one.
define FIND_JDK
jdk_version() { "$$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = //p'; }; \
jdk_ok() { [ -x "$$1/bin/java" ] && [ -x "$$1/bin/javac" ] || return 1; \
    v=$$(jdk_version "$$1"); case "$$v" in ''|1.*) return 1;; esac; [ "$$v" -ge $(JAVA_MIN) ]; }; \
if [ -n "$${JAVA_HOME:-}" ]; then \
    jdk_ok "$$JAVA_HOME" || { echo "error: JAVA_HOME=$$JAVA_HOME is not a JDK $(JAVA_MIN)+ (it needs bin/java and bin/javac; java.specification.version: $$(jdk_version "$$JAVA_HOME" || true)). Point JAVA_HOME at a JDK $(JAVA_MIN) or newer." >&2; exit 1; }; \
else \
    for candidate in "$$(/usr/libexec/java_home -v $(JAVA_MIN)+ 2>/dev/null || true)" \
                     "$$(command -v java >/dev/null 2>&1 && dirname "$$(dirname "$$(readlink -f "$$(command -v java)" 2>/dev/null || command -v java)")" || true)" \
                     $$(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do \
        candidate="$${candidate%/}"; \
        if [ -n "$$candidate" ] && jdk_ok "$$candidate"; then JAVA_HOME="$$candidate"; break; fi; \
    done; \
    [ -n "$${JAVA_HOME:-}" ] || { echo "error: no JDK $(JAVA_MIN)+ found. Set JAVA_HOME to a JDK $(JAVA_MIN) or newer." >&2; exit 1; }; \
fi; \
export JAVA_HOME; \
if [ "$$(jdk_version "$$JAVA_HOME")" -ge 24 ]; then \
    export MAVEN_OPTS="$${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"; fi
endef

# $(call BUILD_MODULE,<module>): package the module (and what it needs) with Maven, runtime jars
# in <module>/target/lib. lib/ is emptied first: copy-dependencies never removes a jar that a
# changed pom no longer needs, and a stale jar must not reach an artifact. When another make
# process finished this module while this one waited for the lock, its build is reused.
define BUILD_MODULE
$(STRICT); \
[ -f "$(1)/pom.xml" ] || { echo "error: module '$(1)' has no pom.xml (see the MODULE_* table in the Makefile)" >&2; exit 1; }; \
$(FIND_JDK); \
mkdir -p "$(1)/target/lambda"; \
decided="$(1)/target/lambda/decided.$$$$"; touch "$$decided"; trap 'rm -f "$$decided"' EXIT; \
$(LOCK_EX) \
if [ -z "$(REBUILD)" ] && [ "$(call stamp_of,$(1))" -nt "$$decided" ]; then \
    echo "==> $(1): built meanwhile by another make process"; exit 0; fi; \
echo "==> building $(1) (JDK $$(jdk_version "$$JAVA_HOME"): $$JAVA_HOME)"; \
rm -rf "$(1)/target/lib" "$(call stamp_of,$(1))"; \
$(MVNW) $(MVN_FLAGS) -pl $(1) -am $(MVN_ARGS) \
    || { echo "error: Maven failed to build $(1): $(MVNW) $(MVN_FLAGS) -pl $(1) -am $(MVN_ARGS)" >&2; exit 1; }; \
[ -d "$(1)/target/classes" ] || { echo "error: $(1)/target/classes is missing after the build" >&2; exit 1; }; \
ls "$(1)/target/lib/"*.jar >/dev/null 2>&1 || { echo "error: $(1)/target/lib has no jars: does $(1)/pom.xml declare maven-dependency-plugin (execution lambda-lib)?" >&2; exit 1; }; \
if [ -z "$(NO_SHRINK)" ]; then $(SHRINKER)/shrink.sh "$(1)/target/classes" "$(1)/target/lib"; fi; \
touch "$(call stamp_of,$(1))"
endef

# $(call COPY_ARTIFACT,<module>,<dir>): the Lambda Java layout, classes at the root, jars in lib/.
define COPY_ARTIFACT
$(STRICT); \
$(LOCK_SH) \
[ -f "$(call stamp_of,$(1))" ] || { echo "error: $(1) is not built (its stamp is missing)" >&2; exit 1; }; \
mkdir -p "$(2)/lib"; \
cp -R "$(1)/target/classes/." "$(2)/"; \
cp "$(1)/target/lib/"*.jar "$(2)/lib/"; \
for jar in $(WITHOUT_$(3)); do \
  ls "$(2)/lib/$$jar-"[0-9]*.jar >/dev/null 2>&1 || { echo "error: WITHOUT_$(3) names $$jar, which is not in $(1)/target/lib" >&2; exit 1; }; \
  rm -f "$(2)/lib/$$jar-"[0-9]*.jar; \
done; \
echo "==> $(3) -> $(2) ($$(du -sk "$(2)" | cut -f1) KiB, $$(ls "$(2)/lib" | wc -l | tr -d ' ') jars)"
endef

# ---------------------------------------------------------------------------------------------
# Per-module rules: the input list (rewritten only when the set of files changes, so a deleted
# file triggers a rebuild too) and the stamp that stands for a fresh target/classes + target/lib.

define MODULE_RULES
$(call inputs_of,$(1)): FORCE
	@mkdir -p $$(@D); \
	printf '%s\n' $$(sort $(COMMON_INPUTS) $(call sources_of,$(1))) > $$@.new; \
	if cmp -s $$@.new $$@; then rm -f $$@.new; else mv $$@.new $$@; fi

$(call stamp_of,$(1)): $(call inputs_of,$(1)) $(SELF) $(COMMON_INPUTS) $(call sources_of,$(1)) \
        $(if $(REBUILD)$(filter-out 2,$(words $(wildcard $(1)/target/classes $(1)/target/lib))),FORCE)
	@$$(call BUILD_MODULE,$(1))
endef

$(foreach m,$(MODULES),$(eval $(call MODULE_RULES,$(m))))

# ---------------------------------------------------------------------------------------------
# Per-function targets: build-<LogicalId> (sam build) and artifact-<LogicalId> (make artifacts).

define FUNCTION_RULES
.PHONY: build-$(1) artifact-$(1)
build-$(1): $(if $(strip $(ARTIFACTS_DIR)),$(call stamp_of,$(MODULE_$(1))),no-artifacts-dir)
	@$$(call COPY_ARTIFACT,$(MODULE_$(1)),$$(ARTIFACTS_DIR),$(1))

artifact-$(1): $(call stamp_of,$(MODULE_$(1)))
	@rm -rf "$(LOCAL_BUILD)/$(1)"
	@$$(call COPY_ARTIFACT,$(MODULE_$(1)),$(LOCAL_BUILD)/$(1),$(1))
endef

$(foreach f,$(FUNCTIONS),$(eval $(call FUNCTION_RULES,$(f))))

.PHONY: no-artifacts-dir
no-artifacts-dir:
	@echo "error: ARTIFACTS_DIR is not set. sam build sets it; by hand: make $(firstword $(filter build-%,$(MAKECMDGOALS)) build-<LogicalId>) ARTIFACTS_DIR=<dir>" >&2; exit 1

# ---------------------------------------------------------------------------------------------

.PHONY: artifacts
artifacts: $(addprefix artifact-,$(FUNCTIONS)) ## build every function into .aws-sam/build/<LogicalId>/

.PHONY: modules
modules: $(foreach m,$(MODULES),$(call stamp_of,$(m))) ## package every function module (target/classes + target/lib)

.PHONY: functions
functions: ## print the function table: <LogicalId> <module>
	@$(foreach f,$(FUNCTIONS),echo "$(f) $(MODULE_$(f))";)

.PHONY: check
check: ## check template <-> Makefile <-> events/, and one artifact per module (.ci/check-artifacts.sh)
	@bash .ci/check-artifacts.sh

.PHONY: clean
clean: ## remove the build stamps and .aws-sam/build/<LogicalId>/ (not Maven's target/)
	rm -rf $(foreach m,$(MODULES),$(m)/target/lambda) $(addprefix $(LOCAL_BUILD)/,$(FUNCTIONS))

.PHONY: help
help: ## this text
	@echo "Tenantry build targets"
	@echo
	@echo "  build-<LogicalId>   one function into \$$ARTIFACTS_DIR (what sam build runs; REBUILD=1 ignores the stamp)"
	@grep -hE '^[a-z][a-z-]*:.*## ' $(firstword $(MAKEFILE_LIST)) | sort \
	    | awk 'BEGIN { FS = ":.*## " } { printf "  %-19s %s\n", $$1, $$2 }'
	@echo
	@echo "Functions (LogicalId -> module):"
	@$(foreach f,$(FUNCTIONS),printf '  %-32s %s\n' "$(f)" "$(MODULE_$(f))";)

.PHONY: FORCE
FORCE:
