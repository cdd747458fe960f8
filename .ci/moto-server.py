"""moto_server, with DynamoDB transactions kept apart from the table writes they race, and applied once per token.

moto's DynamoDB TransactWriteItems deep-copies the tables while other request threads may write to them, and fails
with "RuntimeError: dictionary changed size during iteration" (an HTTP 500) when one does: a race between the
suites' background writers (usage flushes, rate buckets) and their transactions, which the threaded server that
`moto_server` starts makes possible. AWS has no such race, and the suites need an emulator that does not fail on its
own. This server is moto's, threaded as before, with a readers-writer lock around DynamoDB: a TransactWriteItems
runs alone (the writer), every other DynamoDB call runs alongside the others (readers), and the other services are
not held at all. (Serving one request at a time also closes the race, but then one slow transaction on a big table
holds every queue and bucket call behind it, past the SDK's time limits.)

moto also ignores a transaction's ClientRequestToken, which DynamoDB (and DynamoDB Local) honours for 10 minutes: a
TransactWriteItems that succeeded and is sent again with the same token answers success without being applied again,
and the same token with other parameters answers IdempotentParameterMismatchException. The SDK puts one token on
every call and repeats it on its retries, so without this a retry after an attempt timeout (moto answers slowly while
it copies a big table) applies the transaction twice and fails its own conditions. This server keeps the answers of
successful transactions by token for 10 minutes, as DynamoDB does (docs/emulators.md).

And moto keeps a transaction's rollback by deep-copying every table it touches, so each transaction costs time in
proportion to the whole table: as a suite fills the table, transactions (and the calls queued behind them) run into
the SDK's time limits. This server keeps the items the transaction names instead (at most 100) and puts them back
when it is cancelled: the same outcome, in time proportional to the transaction.
Usage: python3 .ci/moto-server.py HOST PORT
"""

import copy
import hashlib
import io
import json
import sys
import threading
import time

from werkzeug.serving import run_simple

import moto.dynamodb.models as dynamodb_models
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.table import Table
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app


class TablesNotCopied:
    """Stands for the copy module inside moto.dynamodb.models while a transaction runs: tables are not copied."""

    @staticmethod
    def deepcopy(value, memo=None):
        return value if isinstance(value, Table) else copy.deepcopy(value, memo)


def items_named(backend, transact_items):
    """(table, key, attributes or None) of every item a transaction names, as they are before it runs."""
    before = []
    for entry in transact_items:
        _, operation = next(iter(entry.items()))
        table_name = operation.get("TableName")
        table = backend.tables.get(table_name)
        if table is None:
            continue
        if "Item" in operation:
            attributes = operation["Item"]
            key = {name: attributes[name] for name in (table.hash_key_attr, table.range_key_attr) if name}
        else:
            key = operation.get("Key")
        try:
            current = backend.get_item(table_name, key)
        except Exception:  # a malformed key: moto refuses the transaction itself
            continue
        before.append((table_name, key, copy.deepcopy(current.to_json()["Attributes"]) if current else None))
    return before


def put_back(backend, before):
    for table_name, key, attributes in reversed(before):
        if attributes is None:
            try:
                backend.delete_item(table_name, key)
            except Exception:  # never written
                pass
        else:
            backend.put_item(table_name, attributes)


moto_transact_write_items = DynamoDBBackend.transact_write_items


def transact_write_items(self, transact_items):
    """moto's transaction, rolled back by putting the named items back rather than by copying tables.

    Runs only under the writer lock below: no other DynamoDB call sees the module's copy replaced.
    """
    before = items_named(self, transact_items)
    dynamodb_models.copy = TablesNotCopied
    try:
        return moto_transact_write_items(self, transact_items)
    except Exception:
        put_back(self, before)
        raise
    finally:
        dynamodb_models.copy = copy


DynamoDBBackend.transact_write_items = transact_write_items


class ReadersWriterLock:
    def __init__(self):
        self._condition = threading.Condition()
        self._readers = 0
        self._writing = False

    def acquire_read(self):
        with self._condition:
            while self._writing:
                self._condition.wait()
            self._readers += 1

    def release_read(self):
        with self._condition:
            self._readers -= 1
            if self._readers == 0:
                self._condition.notify_all()

    def acquire_write(self):
        with self._condition:
            while self._writing or self._readers > 0:
                self._condition.wait()
            self._writing = True

    def release_write(self):
        with self._condition:
            self._writing = False
            self._condition.notify_all()


class TransactionTokens:
    """The answers of successful TransactWriteItems calls, by ClientRequestToken, for DynamoDB's 10 minutes."""

    LIFETIME_SECONDS = 600

    def __init__(self):
        self._answers = {}

    def answer(self, token, fingerprint):
        """The kept (status, headers, body) of the token, a mismatch answer, or None when it is new or expired."""
        self._forget_expired()
        kept = self._answers.get(token)
        if kept is None:
            return None
        if kept["fingerprint"] != fingerprint:
            body = json.dumps({
                "__type": "com.amazonaws.dynamodb.v20120810#IdempotentParameterMismatchException",
                "message": "The request uses the same client token as a previous, but non-identical request.",
            }).encode()
            return "400 Bad Request", [("Content-Type", "application/x-amz-json-1.0")], [body]
        return kept["status"], kept["headers"], kept["body"]

    def keep(self, token, fingerprint, status, headers, body):
        if status.startswith("200"):
            self._answers[token] = {
                "fingerprint": fingerprint,
                "status": status,
                "headers": headers,
                "body": body,
                "at": time.monotonic(),
            }

    def _forget_expired(self):
        now = time.monotonic()
        for token in [t for t, kept in self._answers.items() if now - kept["at"] > self.LIFETIME_SECONDS]:
            del self._answers[token]


class DynamoDbTransactionsApart:
    def __init__(self, app):
        self.app = app
        self.lock = ReadersWriterLock()
        self.tokens = TransactionTokens()

    def __call__(self, environ, start_response):
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if not target.startswith("DynamoDB_"):
            return self.app(environ, start_response)
        transaction = target.endswith(".TransactWriteItems")
        (self.lock.acquire_write if transaction else self.lock.acquire_read)()
        try:
            if transaction:
                return self._once_per_token(environ, start_response)
            # The body is produced inside the lock: moto answers with a list of bytes, nothing streams later.
            return list(self.app(environ, start_response))
        finally:
            (self.lock.release_write if transaction else self.lock.release_read)()

    def _once_per_token(self, environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        request = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = io.BytesIO(request)
        token = json.loads(request or b"{}").get("ClientRequestToken")
        if not token:
            return list(self.app(environ, start_response))
        parameters = json.loads(request)
        parameters.pop("ClientRequestToken")
        fingerprint = hashlib.sha256(json.dumps(parameters, sort_keys=True).encode()).hexdigest()
        kept = self.tokens.answer(token, fingerprint)
        if kept is not None:
            status, headers, body = kept
            start_response(status, headers)
            return body
        answered = {}

        def remember(status, headers, exc_info=None):
            answered["status"], answered["headers"] = status, list(headers)
            return start_response(status, headers, exc_info)

        body = list(self.app(environ, remember))
        self.tokens.keep(token, fingerprint, answered.get("status", ""), answered.get("headers", []), body)
        return body


if __name__ == "__main__":
    host, port = sys.argv[1], int(sys.argv[2])
    app = DynamoDbTransactionsApart(DomainDispatcherApplication(create_backend_app))
    run_simple(host, port, app, threaded=True, use_reloader=False)
