#!/usr/bin/env python3
"""End-to-end check of the cost-per-tenant export against a running local backend (`./tenantry start`).

What it does (see .ci/smoke.sh, which runs it after the contract's smoke tests):
  1. creates three tenants (free, pro, enterprise) with the local identity provider and drives a known number of
     API requests for each (5, 12, 20 project calls), plus an invoice for the enterprise one; reads GET /v1/usage
     for each until the metered requests equal every admitted call made so far (GET /v1/usage flushes the caller's
     function instance first; the local backend keeps the default 10 s flush interval otherwise);
  2. invokes CostExportFunction for today (UTC) through the Lambda Invoke API (:3001), then with a malformed period,
     which must be a function error naming `from` that writes nothing;
  3. fetches cost-per-tenant.csv, summary.json and report.html from the exports bucket with boto3
     (GET /local/endpoints: S3 endpoint, credentials, bucket);
  4. recomputes each of its tenants' exact cost with `decimal`, from the repository's price and workload files and
     the usage GET /v1/usage reported, and checks the CSV and the summary against it (other tenants of the same day
     are tolerated, and priced from their CSV row for the totals);
  5. renders report.html in headless Chromium and checks the DOM: an <svg> with bars, the table, one of its tenants.

Exit status 0 when every check passed, 1 on any mismatch (each one is named), 2 when the backend is not reachable.
Environment: TENANTRY_BASE (default http://127.0.0.1:3000), TENANTRY_LAMBDA (default http://127.0.0.1:3001),
CI=true (a missing Chromium is then a failure, not a skip), CHROMIUM (the browser binary, default: found on PATH).
"""
import calendar
import csv
import datetime as dt
import html.parser
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from decimal import ROUND_HALF_UP, Decimal, localcontext
from pathlib import Path

import boto3
import requests
from botocore.config import Config

API = os.environ.get("TENANTRY_BASE", "http://127.0.0.1:3000").rstrip("/")
LAMBDA = os.environ.get("TENANTRY_LAMBDA", "http://127.0.0.1:3001").rstrip("/")
FUNCTION = "CostExportFunction"
ROOT = Path(__file__).resolve().parent.parent
PRICING = ROOT / "functions/costexport/src/main/resources/pricing"
HEADER = ("tenant_id,tenant_name,plan,period_start,period_end,requests,compute_gb_seconds,storage_gb_days,"
          "media_processed,invoices_rendered,attributed_cost_usd,naive_cost_usd,cost_share_pct")
COMPUTE_LINE = "lambda-duration-arm64"  # the template's TENANTRY_COST_COMPUTE_LINE
STORAGE_LINE = "s3-storage"  # the export's default storage line
GIB = Decimal(2 ** 30)
CENT = Decimal("0.01")
# A cell that begins so is read by a spreadsheet as a formula; the export prefixes a single quote to such text cells.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_COLUMNS = ("tenant_id", "tenant_name", "plan")
# The tenant whose name is a formula, to see it arrive inert in the CSV and unchanged in the report.
FORMULA_NAME_FOR = "pro"
# Calls per plan: (project creations, project list reads); 5, 12 and 20 requests.
DRIVE = {"free": (3, 2), "pro": (7, 5), "enterprise": (11, 9)}
INVOICE_FOR = "enterprise"
USAGE_WAIT_S = 30
INVOICE_WAIT_S = 90

started = time.monotonic()
failures = []


def say(text=""):
    print(text, flush=True)


def ok(text):
    say(f"  ok    {text}")


def check(condition, text, detail=""):
    """Records one check; a failure is kept (and reported at the end) so that every mismatch is named."""
    if condition:
        ok(text)
    else:
        failures.append(f"{text}{': ' + detail if detail else ''}")
        say(f"  FAIL  {text}{': ' + detail if detail else ''}")
    return condition


class Fatal(Exception):
    """A failure after which nothing further can be checked."""


def dec_json(text):
    return json.loads(text, parse_float=Decimal)


def half_up(value, exp):
    return value.quantize(exp, rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------------------------------------------- the API


class Tenant:
    def __init__(self, plan, tenant_id, name, token):
        self.plan, self.id, self.name, self.token = plan, tenant_id, name, token
        self.calls = 0  # tenant-route calls the backend admitted (every one is metered)
        self.driven = 0  # of which project calls, the "known number of requests"
        self.snapshots = {}  # requests -> the usage day GET /v1/usage reported (a consistent prefix of the calls)
        self.last_before_export = None
        self.invoice = None


session = requests.Session()


def call(method, path, token=None, body=None, expect=(200,), retries_429=20):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    for _ in range(retries_429 + 1):
        r = session.request(method, API + path, json=body, headers=headers, timeout=60)
        if r.status_code != 429:
            break
        time.sleep(float(r.headers.get("Retry-After", "1")))  # refused before admission: not metered
    if r.status_code not in expect:
        raise Fatal(f"{method} {path} answered {r.status_code} (expected {expect}): {r.text[:500]}")
    return r


def tenant_call(tenant, method, path, body=None, expect=(200,)):
    r = call(method, path, tenant.token, body, expect)
    tenant.calls += 1
    return r


def token(email, tenant_id=None):
    body = {"email": email} | ({"tenantId": tenant_id} if tenant_id else {})
    return call("POST", "/local/auth/token", body=body).json()["token"]


def csv_text(value):
    """A text cell as the export writes it: a leading single quote when it begins like a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def new_tenant(plan, run):
    email = f"cost-check-{run}-{plan}@example.test"
    name = f"Cost check {run} {plan}"
    if plan == FORMULA_NAME_FOR:
        name = f'=HYPERLINK("https://example.test/","{name}")'
    created = call("POST", "/v1/tenants", token(email), {"name": name}, expect=(201,)).json()
    if plan != "free":
        # A tenant signs up on the free plan; only the operator changes a plan.
        r = session.post(f"{LAMBDA}/2015-03-31/functions/ChangeTenantPlanFunction/invocations",
                         data=json.dumps({"tenantId": created["id"], "plan": plan}).encode(),
                         headers={"Content-Type": "application/json"}, timeout=60)
        if r.status_code != 200 or r.headers.get("X-Amz-Function-Error") or r.json().get("plan") != plan:
            raise Fatal(f"ChangeTenantPlanFunction {created['id']} -> {plan} answered {r.status_code}: {r.text}")
    return Tenant(plan, created["id"], name, token(email, created["id"]))


def read_usage(tenant, day):
    """One GET /v1/usage of the day; returns (requests the backend had admitted before it, the day reported)."""
    before = tenant.calls
    r = tenant_call(tenant, "GET", f"/v1/usage?from={day}&to={day}")
    days = dec_json(r.text)["days"]
    if len(days) != 1 or days[0]["date"] != day:
        raise Fatal(f"GET /v1/usage for {tenant.id} answered {r.text[:300]}")
    return before, days[0]


def settle_usage(tenant, day, invoices):
    """Reads usage until it shows every admitted call (and the invoice): a consistent snapshot."""
    deadline = time.monotonic() + USAGE_WAIT_S
    while True:
        before, reported = read_usage(tenant, day)
        if reported["requests"] > before:
            raise Fatal(f"GET /v1/usage for {tenant.id} reports {reported['requests']} requests, but only {before}"
                        f" tenant-route calls were made: over-counted")
        if reported["requests"] == before:
            tenant.snapshots[before] = reported
            if reported["invoicesRendered"] >= invoices:
                return before, reported
        if time.monotonic() > deadline:
            raise Fatal(f"usage of {tenant.id} did not show its {before} requests and {invoices} invoice(s) within"
                        f" {USAGE_WAIT_S}s: last report {reported}")
        time.sleep(0.5)


# ---------------------------------------------------------------------------------------------------- the model


def load_model():
    prices = json.loads((PRICING / "aws-prices.json").read_text(), parse_float=Decimal)
    workload = json.loads((PRICING / "workload.json").read_text(), parse_float=Decimal, parse_int=Decimal)
    lines = []
    with localcontext() as ctx:
        ctx.prec = 60
        for line in prices["lines"]:
            lines.append((line["id"], Decimal(str(line["usd"])) / Decimal(line["per"])))
    return prices, workload, lines


def quantities(workload, requests_, media, invoices, gb_seconds, gb_months, line_id):
    q = (Decimal(requests_) * Decimal(workload["perRequest"].get(line_id, 0))
         + Decimal(media) * Decimal(workload["perMediaUpload"].get(line_id, 0))
         + Decimal(invoices) * Decimal(workload["perInvoice"].get(line_id, 0)))
    if line_id == COMPUTE_LINE:
        q += gb_seconds
    if line_id == STORAGE_LINE:
        q += gb_months
    return q


def exact_cost(model, requests_, media, invoices, gb_seconds, gb_months):
    _, workload, lines = model
    with localcontext() as ctx:
        ctx.prec = 60
        return sum((price * quantities(workload, requests_, media, invoices, gb_seconds, gb_months, line_id)
                    for line_id, price in lines), Decimal(0))


# ---------------------------------------------------------------------------------------------------- S3, Lambda


def invoke(payload):
    r = session.post(f"{LAMBDA}/2015-03-31/functions/{FUNCTION}/invocations", data=json.dumps(payload).encode(),
                     headers={"Content-Type": "application/json", "X-Amz-Invocation-Type": "RequestResponse"},
                     timeout=300)
    return r


def listing(s3, bucket):
    objects = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for o in page.get("Contents", []):
            objects[o["Key"]] = (o["ETag"], o["Size"])
    return objects


# ---------------------------------------------------------------------------------------------------- the report


class Dom(html.parser.HTMLParser):
    """The parts of the rendered DOM the check looks at: the svg's bars and the table's body rows."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.svgs, self.rects, self.bars = 0, 0, 0
        self.rows, self._row, self._cell, self._in_svg, self._in_tbody = [], None, None, 0, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg":
            self.svgs += 1
            self._in_svg += 1
        elif tag == "rect" and self._in_svg:
            self.rects += 1
            if float(a.get("width") or 0) > 0:
                self.bars += 1
        elif tag == "tbody":
            self._in_tbody = True
        elif tag == "tr" and self._in_tbody:
            self._row = {"cells": [], "titles": []}
        elif tag == "td" and self._row is not None:
            self._cell = []
        elif tag == "span" and self._row is not None and "title" in a:
            self._row["titles"].append(a["title"])

    def handle_endtag(self, tag):
        if tag == "svg":
            self._in_svg -= 1
        elif tag == "tbody":
            self._in_tbody = False
        elif tag == "td" and self._cell is not None:
            self._row["cells"].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def chromium_binary():
    for name in filter(None, [os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome",
                              "google-chrome-stable"]):
        found = shutil.which(name)
        if found:
            return found
    return None


def render(html_bytes):
    """The DOM Chromium builds from report.html (file://, no network), or None when Chromium is missing."""
    binary = chromium_binary()
    if binary is None:
        return None
    with tempfile.TemporaryDirectory(prefix="cost-export-check-") as tmp:
        page = Path(tmp, "report.html")
        page.write_bytes(html_bytes)
        profile = Path(tmp, "profile")
        command = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                   "--disable-background-networking", "--disable-component-update", "--disable-sync",
                   "--no-first-run", f"--user-data-dir={profile}", "--dump-dom", page.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=90)
        except subprocess.TimeoutExpired:
            raise Fatal("chromium --headless --dump-dom did not finish within 90 s")
        if done.returncode != 0 or "<html" not in done.stdout:
            raise Fatal(f"chromium --dump-dom failed (exit {done.returncode}): {done.stderr[-1500:]}")
        return done.stdout


# ---------------------------------------------------------------------------------------------------- the check


def main():
    # An export of "today" needs the traffic and the export on the same UTC day.
    now = dt.datetime.now(dt.timezone.utc)
    to_midnight = (dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), dt.timezone.utc) - now)
    if to_midnight.total_seconds() < 120:
        say(f"(UTC midnight is {to_midnight.total_seconds():.0f}s away: waiting for it, so the check stays on one day)")
        time.sleep(to_midnight.total_seconds() + 2)
    today = dt.datetime.now(dt.timezone.utc).date()
    day = today.isoformat()
    run = uuid.uuid4().hex[:8]
    model = load_model()
    prices, workload, price_lines = model

    try:
        endpoints = session.get(f"{API}/local/endpoints", timeout=10).json()
    except (requests.RequestException, ValueError) as e:
        say(f"cost-export-check: no local backend at {API} ({e})")
        return 2

    say(f"1. tenants and traffic (run {run}, day {day})")
    tenants = [new_tenant(plan, run) for plan in DRIVE]
    for t in tenants:
        creations, reads = DRIVE[t.plan]
        for i in range(creations):
            tenant_call(t, "POST", "/v1/projects", {"name": f"cost check {i}"}, expect=(201,))
        for _ in range(reads):
            tenant_call(t, "GET", "/v1/projects?limit=5")
        t.driven = creations + reads
    inv_tenant = next(t for t in tenants if t.plan == INVOICE_FOR)
    inv = tenant_call(inv_tenant, "POST", "/v1/invoices", {"period": day[:7]}, expect=(200, 201, 202)).json()
    deadline = time.monotonic() + INVOICE_WAIT_S
    while True:
        status = tenant_call(inv_tenant, "GET", f"/v1/invoices/{inv['id']}").json()["status"]
        if status == "ready":
            break
        if status == "failed" or time.monotonic() > deadline:
            raise Fatal(f"invoice {inv['id']} of {inv_tenant.id} is {status} after"
                        f" {INVOICE_WAIT_S - max(0, deadline - time.monotonic()):.0f}s")
        time.sleep(0.5)
    inv_tenant.invoice = inv["id"]
    # The invoice worker records the invoice and its PDF's bytes just after marking it ready, and its compute just
    # after that: a moment for it to finish, and the invoice's tenant read first, so that whatever the worker still
    # held is flushed by the next tenant's GET /v1/usage at the latest (it flushes the whole instance).
    time.sleep(1)
    for t in [inv_tenant] + [t for t in tenants if t is not inv_tenant]:
        before, reported = settle_usage(t, day, 1 if t is inv_tenant else 0)
        t.last_before_export = before
        ok(f"{t.plan:10} {t.id}: {t.driven} project calls + {before - t.driven} other tenant calls"
           f" ({'the invoice, ' if t.invoice else ''}usage reads); GET /v1/usage then reports"
           f" {reported['requests']} requests, {reported['computeMs']} ms, {reported['storageBytes']} bytes,"
           f" {reported['invoicesRendered']} invoice(s)")

    say("2. the export, through the Lambda Invoke API")
    bucket = endpoints["resources"]["ExportsBucket"]
    creds = endpoints.get("credentials") or {}
    s3 = boto3.client("s3", endpoint_url=endpoints["s3"], region_name=endpoints.get("region", "us-east-1"),
                      aws_access_key_id=creds.get("accessKeyId", "local"),
                      aws_secret_access_key=creds.get("secretAccessKey", "local"),
                      config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 3}))
    t0 = time.monotonic()
    r = invoke({"from": day, "to": day})
    export_ms = (time.monotonic() - t0) * 1000
    if r.status_code != 200 or "X-Amz-Function-Error" in r.headers:
        raise Fatal(f"POST {FUNCTION}/invocations {{from: {day}, to: {day}}} answered {r.status_code}"
                    f" {dict(r.headers)}: {r.text[:2000]}")
    result = dec_json(r.text)
    prefix = f"cost-per-tenant/{today:%Y/%m/%d}/"
    expected_files = {prefix + f for f in ("cost-per-tenant.csv", "report.html", "summary.json")}
    ok(f"export for {day} answered in {export_ms:.0f} ms: {result.get('activeTenants')} tenants,"
       f" ${result.get('totalCostUsd')}, balanced {result.get('balanced')}")
    check(result.get("from") == day and result.get("to") == day, "the answer names the period",
          f"{result.get('from')}..{result.get('to')}")
    check(result.get("bucket") == bucket, f"the answer names the exports bucket ({bucket})", str(result.get("bucket")))
    check(set(result.get("files") or []) == expected_files and len(result["files"]) == 3,
          f"the answer lists the three files under {prefix}", str(result.get("files")))
    check(result.get("source") == "model", "source is the price model", str(result.get("source")))
    check(result.get("pricesVersion") == prices["version"], f"pricesVersion is the price file's ({prices['version']})",
          str(result.get("pricesVersion")))
    check(result.get("balanced") is True, "the answer says balanced")

    objects_before = listing(s3, bucket)
    bad = invoke({"from": "2026-13-01", "to": "2026-13-02"})
    bad_body = {}
    try:
        bad_body = bad.json()
    except ValueError:
        pass
    check(bad.status_code == 200 and bad.headers.get("X-Amz-Function-Error") in ("Unhandled", "Handled"),
          "a malformed period (2026-13-01..2026-13-02) is a function error (X-Amz-Function-Error)",
          f"{bad.status_code} {bad.headers.get('X-Amz-Function-Error')}: {bad.text[:300]}")
    message = str(bad_body.get("errorMessage", ""))
    check(message.startswith("from") and "2026-13-01" in message,
          f"its errorMessage names from: {message!r}", f"{bad.text[:300]}")
    objects_after = listing(s3, bucket)
    check(objects_after == objects_before and not any("/2026/13/" in k for k in objects_after),
          "nothing was written (or changed) in the exports bucket for it",
          f"new or changed: {sorted(set(objects_after.items()) - set(objects_before.items()))}")

    say("3. the files, from the exports bucket (boto3, path-style)")
    files = {}
    for key in sorted(expected_files):
        if key not in objects_after:
            raise Fatal(f"s3://{bucket}/{key} is not in the bucket; it holds {sorted(objects_after)[:20]}")
        got = s3.get_object(Bucket=bucket, Key=key)
        files[key.rsplit("/", 1)[1]] = (got["Body"].read(), got.get("ContentType", ""))
    for name, (body, ctype) in files.items():
        ok(f"s3://{bucket}/{prefix}{name}: {len(body)} bytes, {ctype}")
    check(files["cost-per-tenant.csv"][1].startswith("text/csv"), "the CSV's content type is text/csv",
          files["cost-per-tenant.csv"][1])
    check(files["report.html"][1].startswith("text/html"), "the report's content type is text/html",
          files["report.html"][1])
    check(files["summary.json"][1].startswith("application/json"), "the summary's content type is application/json",
          files["summary.json"][1])

    say("4. the numbers, recomputed")
    raw = files["cost-per-tenant.csv"][0]
    text = raw.decode("utf-8")
    check(text.startswith(HEADER + "\r\n"), "the CSV header, exactly, ended by CRLF", repr(text[:len(HEADER) + 4]))
    check(text.endswith("\r\n") and "\n" not in text.replace("\r\n", ""), "every CSV line ends with CRLF (RFC 4180)")
    table = list(csv.reader(io.StringIO(text, newline="")))
    rows = [dict(zip(table[0], cells)) for cells in table[1:]]
    check(all(len(cells) == 13 for cells in table), "every CSV record has 13 fields")
    by_id = {row["tenant_id"]: row for row in rows}
    check(len(by_id) == len(rows), "one CSV row per tenant")
    formulas = [(row["tenant_id"], c, row[c]) for row in rows for c in TEXT_COLUMNS if row[c].startswith(FORMULA_STARTS)]
    check(not formulas, "no text cell begins like a formula (=, +, -, @, tab, CR)", str(formulas[:5]))
    summary = dec_json(files["summary.json"][0])
    totals, check_ = summary["totals"], summary["check"]

    check(summary["period"] == {"from": day, "to": day, "days": 1}, "summary.period", str(summary.get("period")))
    check(summary.get("source") == "model", "summary.source is model", str(summary.get("source")))
    active = summary.get("activeTenants")
    check(isinstance(active, int) and active >= 3 and active == len(rows) == result.get("activeTenants"),
          f"activeTenants {active} >= 3, = CSV rows ({len(rows)}) = the answer's ({result.get('activeTenants')})")
    check(check_.get("balanced") is True, "summary.check.balanced is true", str(check_))
    check(set(summary.get("files", {}).values()) == expected_files, "summary.files lists the three keys",
          str(summary.get("files")))
    pricing = summary.get("pricing", {})
    check(pricing.get("version") == prices["version"], "summary.pricing.version is the price file's")
    for kind in ("perRequest", "perMediaUpload", "perInvoice"):
        used = {k: Decimal(str(v)) for k, v in pricing.get("workload", {}).get(kind, {}).items()}
        check(used == {k: Decimal(v) for k, v in workload[kind].items()},
              f"summary.pricing.workload.{kind} is workload.json's", f"{used} vs {workload[kind]}")
    check(pricing.get("computeLine", COMPUTE_LINE) == COMPUTE_LINE and pricing.get("storageLine", STORAGE_LINE)
          == STORAGE_LINE, f"compute line {COMPUTE_LINE}, storage line {STORAGE_LINE}",
          f"{pricing.get('computeLine')}, {pricing.get('storageLine')}")

    # Totals, from every row of the CSV (other tenants included). Storage: one day, so GB-months = GB-days / days
    # in the month; the CSV's six decimals make that good to about 1e-9 USD a tenant.
    month_days = Decimal(calendar.monthrange(today.year, today.month)[1])
    with localcontext() as ctx:
        ctx.prec = 60
        exact_total = Decimal(0)
        line_qty = {line_id: Decimal(0) for line_id, _ in price_lines}
        for row in rows:
            args = (int(row["requests"]), int(row["media_processed"]), int(row["invoices_rendered"]),
                    Decimal(row["compute_gb_seconds"]), Decimal(row["storage_gb_days"]) / month_days)
            exact_total += exact_cost(model, *args)
            for line_id in line_qty:
                line_qty[line_id] += quantities(workload, *args[:3], args[3], args[4], line_id)
    exact_reported = Decimal(str(totals["exactCostUsd"]))
    tolerance = Decimal("1e-9") * max(1, len(rows))
    check(abs(exact_reported - exact_total) <= tolerance,
          f"totals.exactCostUsd {exact_reported} = the CSV's usage at list prices ({exact_total:.12f})",
          f"off by {exact_reported - exact_total}")
    cost = Decimal(str(totals["costUsd"]))
    check(cost == half_up(exact_reported, CENT), f"totals.costUsd {cost} is exactCostUsd rounded half up to the cent")
    check(Decimal(str(result.get("totalCostUsd"))) == cost, "the answer's totalCostUsd is totals.costUsd",
          str(result.get("totalCostUsd")))
    attributed_sum = sum((Decimal(row["attributed_cost_usd"]) for row in rows), Decimal(0))
    check(attributed_sum == cost, f"the attributed column sums to totals.costUsd exactly ({attributed_sum})",
          f"{attributed_sum} vs {cost}")
    check(Decimal(str(totals["attributedCostUsd"])) == cost and Decimal(str(result.get("attributedCostUsd"))) == cost
          and check_.get("totalCents") == check_.get("attributedCents") == int(cost * 100)
          and check_.get("unattributedCents") == 0,
          "totals.attributedCostUsd, the answer's attributedCostUsd and summary.check agree (no cent unattributed)",
          f"{totals.get('attributedCostUsd')}, {result.get('attributedCostUsd')}, {check_}")
    naive = half_up(cost / len(rows), CENT) if rows else Decimal("0.00")
    check(Decimal(str(totals["naiveCostPerTenantUsd"])) == naive and all(
        Decimal(row["naive_cost_usd"]) == naive for row in rows),
          f"naive cost = total / {len(rows)} tenants, rounded half up = {naive}, on every row",
          f"totals.naiveCostPerTenantUsd {totals.get('naiveCostPerTenantUsd')}")
    check(totals["requests"] == sum(int(row["requests"]) for row in rows)
          and totals["mediaProcessed"] == sum(int(row["media_processed"]) for row in rows)
          and totals["invoicesRendered"] == sum(int(row["invoices_rendered"]) for row in rows),
          "totals.requests, mediaProcessed and invoicesRendered are the CSV's sums")
    lines = {line["id"]: line for line in summary.get("lines", [])}
    check(set(lines) == set(line_qty), "summary.lines has one line per price line", str(sorted(lines)))
    for line_id, price in price_lines:
        line = lines.get(line_id)
        if line is None:
            continue
        q, c = Decimal(str(line["quantity"])), Decimal(str(line["costUsd"]))
        good = (abs(q - line_qty[line_id]) <= Decimal("1e-6") * max(1, len(rows))
                and Decimal(str(line["unitPriceUsd"])) == price
                and abs(c - half_up(price * q, Decimal("1e-6"))) <= Decimal("1e-6"))
        if not good:
            check(False, f"summary line {line_id}",
                  f"quantity {q} (CSV: {line_qty[line_id]}), unit {line['unitPriceUsd']} ({price}), cost {c}")
    check(not any(f.startswith("summary line") for f in failures),
          f"every summary line: quantity = the CSV's usage through workload.json, unit price and cost")

    total_cents = int(cost * 100)
    for t in tenants:
        row = by_id.get(t.id)
        if not check(row is not None, f"{t.plan} tenant {t.id} has a CSV row"):
            continue
        r_export = int(row["requests"])
        # The export reads what the functions flushed: everything up to this tenant's last GET /v1/usage, and that
        # call too once a later call flushed it (GET /v1/usage flushes the instance before it reads).
        snapshot = t.snapshots.get(r_export)
        if r_export in (t.last_before_export, t.last_before_export + 1) and snapshot is None:
            _, reported = settle_usage(t, day, 1 if t is inv_tenant else 0)
            snapshot = t.snapshots.get(r_export)
        check(r_export in (t.last_before_export, t.last_before_export + 1) and snapshot is not None,
              f"  requests {r_export} = {t.driven} driven + {r_export - t.driven} other admitted calls, as GET"
              f" /v1/usage reported ({t.last_before_export}"
              f"{', plus that read itself, flushed by a later one' if r_export == t.last_before_export + 1 else ''})",
              f"GET /v1/usage reported {sorted(t.snapshots)} and the export row says {r_export}")
        if snapshot is None:
            continue
        gb_seconds = Decimal(str(snapshot["computeGbSeconds"]))
        storage_bytes = Decimal(snapshot["storageBytes"])
        usage_fields = {
            "tenant_name": csv_text(t.name), "plan": t.plan, "period_start": day, "period_end": day,
            "compute_gb_seconds": str(half_up(gb_seconds, Decimal("0.000001"))),
            "storage_gb_days": str(half_up(storage_bytes / GIB, Decimal("0.000001"))),
            "media_processed": str(snapshot["mediaProcessed"]),
            "invoices_rendered": str(snapshot["invoicesRendered"]),
        }
        wrong = {k: (row[k], v) for k, v in usage_fields.items() if row[k] != v}
        check(not wrong, f"  name, plan, period, compute {usage_fields['compute_gb_seconds']} GB-s, storage"
                         f" {usage_fields['storage_gb_days']} GB-days, media, invoices as GET /v1/usage reported",
              f"(CSV, expected): {wrong}")
        with localcontext() as ctx:
            ctx.prec = 60
            exact = exact_cost(model, r_export, snapshot["mediaProcessed"], snapshot["invoicesRendered"], gb_seconds,
                               storage_bytes / GIB / month_days)
            share = (exact / exact_reported * 100) if exact_reported else Decimal(0)
        attributed = Decimal(row["attributed_cost_usd"])
        check(abs(attributed - exact) <= CENT,
              f"  attributed ${attributed} is within a cent of the exact cost ${exact:.10f}", f"off by {attributed - exact}")
        pct = Decimal(row["cost_share_pct"])
        # The exact share of the exact total, even on a day that rounds to $0.00.
        check(abs(pct - half_up(share, Decimal("0.0001"))) <= Decimal("0.0001"),
              f"  cost_share_pct {pct} = exact cost / exact total x 100 ({share:.6f})")

    if total_cents == 0:
        say(f"  note  the day's cost, ${exact_reported:.8f}, rounds to $0.00: every attributed and naive cost is 0, so"
            f" the cent-level checks above hold trivially; the exact total, the lines and the shares were checked")

    say("5. report.html in headless Chromium")
    report = files["report.html"][0]
    page = report.decode("utf-8")
    external = re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    check(not external and "<script" not in page.lower() and "@import" not in page,
          "self-contained: no script, nothing fetched (no external src/href, no @import)", str(external[:5]))
    dom = render(report)
    if dom is None:
        if os.environ.get("CI", "").lower() == "true":
            check(False, "Chromium is installed", "no chromium on PATH (CI=true): .ci/install-tools.sh installs it")
        else:
            say("  skip  Chromium is not installed (apt-get install chromium): the rendered report was not checked")
    else:
        parsed = Dom()
        parsed.feed(dom)
        # By the cents, then by the exact share (which ranks a day under a cent), then by tenant id.
        order = sorted(rows, key=lambda row: (-Decimal(row["attributed_cost_usd"]), -Decimal(row["cost_share_pct"]),
                                              row["tenant_id"]))
        listed = [row["titles"][0] if row["titles"] else "" for row in parsed.rows]
        check(parsed.svgs >= 1 and parsed.bars >= 1 and parsed.bars == min(10, len(parsed.rows)),
              f"the rendered DOM has an <svg> with {parsed.bars} bar(s) (the top {min(10, len(parsed.rows))})",
              f"{parsed.svgs} svg, {parsed.rects} rect, {parsed.bars} with a width")
        check(0 < len(listed) <= len(rows) and listed == [row["tenant_id"] for row in order[:len(listed)]],
              f"the table lists {len(listed)} of {len(rows)} tenants, sorted by attributed cost (then share, then id)",
              f"table {listed[:5]}..., CSV order {[row['tenant_id'] for row in order[:5]]}...")
        ours = [t for t in tenants if t.id in listed]
        expected_ours = [t for t in tenants if t.id in [row["tenant_id"] for row in order[:len(listed)]]]
        if check(bool(ours) or not expected_ours, f"a table row for our tenants ({len(ours)} of 3 listed)",
                 "none of them in the rendered table"):
            for t in ours:
                cells = parsed.rows[listed.index(t.id)]["cells"]
                row = by_id[t.id]
                want = [t.name, t.plan, row["requests"], row["compute_gb_seconds"], row["storage_gb_days"],
                        row["media_processed"], row["invoices_rendered"], row["attributed_cost_usd"],
                        row["naive_cost_usd"], row["cost_share_pct"]]
                check(cells[1:] == want, f"  its row ({t.plan}) shows the CSV's values", f"{cells[1:]} vs {want}")
    return 0


if __name__ == "__main__":
    try:
        status = main()
    except Fatal as e:
        failures.append(str(e))
        say(f"  FAIL  {e}")
        status = 1
    except (requests.RequestException, OSError) as e:
        failures.append(repr(e))
        say(f"  FAIL  {e!r}")
        status = 1
    took = time.monotonic() - started
    if status == 2:
        sys.exit(2)
    if failures:
        say(f"\ncost-export-check: FAILED after {took:.1f}s, {len(failures)} mismatch(es):")
        for f in failures:
            say(f"  - {f}")
        sys.exit(1)
    say(f"\ncost-export-check: passed in {took:.1f}s")
