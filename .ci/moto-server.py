"""moto_server, with DynamoDB transactions kept apart from the table writes they race.

moto's DynamoDB TransactWriteItems deep-copies the tables while other request threads may write to them, and fails
with "RuntimeError: dictionary changed size during iteration" (an HTTP 500) when one does: a race between the
suites' background writers (usage flushes, rate buckets) and their transactions, which the threaded server that
`moto_server` starts makes possible. AWS has no such race, and the suites need an emulator that does not fail on its
own. This server is moto's, threaded as before, with a readers-writer lock around DynamoDB: a TransactWriteItems
runs alone (the writer), every other DynamoDB call runs alongside the others (readers), and the other services are
not held at all. (Serving one request at a time also closes the race, but then one slow transaction on a big table
holds every queue and bucket call behind it, past the SDK's time limits.)
Usage: python3 .ci/moto-server.py HOST PORT
"""

import sys
import threading

from werkzeug.serving import run_simple

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app


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


class DynamoDbTransactionsApart:
    def __init__(self, app):
        self.app = app
        self.lock = ReadersWriterLock()

    def __call__(self, environ, start_response):
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if not target.startswith("DynamoDB_"):
            return self.app(environ, start_response)
        transaction = target.endswith(".TransactWriteItems")
        (self.lock.acquire_write if transaction else self.lock.acquire_read)()
        try:
            # The body is produced inside the lock: moto answers with a list of bytes, nothing streams later.
            return list(self.app(environ, start_response))
        finally:
            (self.lock.release_write if transaction else self.lock.release_read)()


if __name__ == "__main__":
    host, port = sys.argv[1], int(sys.argv[2])
    app = DynamoDbTransactionsApart(DomainDispatcherApplication(create_backend_app))
    run_simple(host, port, app, threaded=True, use_reloader=False)
