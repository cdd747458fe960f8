"""moto_server, serving one request at a time.

moto's DynamoDB TransactWriteItems deep-copies a table while other request threads may write to it, and fails with
"RuntimeError: dictionary changed size during iteration" (an HTTP 500) when they do: the threaded server that
`moto_server` starts makes that a race between the tests' background writers (usage flushes, rate buckets) and
their transactions. AWS serialises nothing of the kind, but these suites need an emulator that does not fail on
its own; one request at a time is moto's own single-threaded model, and the suites' calls are sequential anyway.
Usage: python3 .ci/moto-serial.py HOST PORT
"""

import sys

from werkzeug.serving import run_simple

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

if __name__ == "__main__":
    host, port = sys.argv[1], int(sys.argv[2])
    run_simple(host, port, DomainDispatcherApplication(create_backend_app), threaded=False, use_reloader=False)
