"""gunicorn's settings for Spotter (read from the working directory by default: `make serve`,
the Docker image and docker-compose all start gunicorn here).

Sized for a 2-core machine that also runs Postgres: three synchronous worker processes. Measured
back to back with benchmarks/api.py against two processes of four threads each (gthread), three
sync workers answered more requests per second on every API path (README, "The API against its
floor"): the request path is mostly Python holding the GIL, so threads add switching, not work.
Override with WEB_CONCURRENCY (processes); any command-line flag wins over this file.
"""

import os

workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "sync"
# Requests are short; a worker stuck longer than this is restarted.
timeout = 60
graceful_timeout = 30
