"""gunicorn's settings for Spotter (read from the working directory by default: `make serve`,
the Docker image and docker-compose all start gunicorn here).

Sized for a 2-core machine that also runs Postgres: two worker processes (one per core; a third
process only adds context switches when the database needs the cores too), each with four
threads, so a worker keeps serving while a request waits on the database. Measured with
benchmarks/api.py (README, "The API against its floor"). Override with WEB_CONCURRENCY
(processes) and GUNICORN_THREADS; any command-line flag wins over this file.
"""

import os

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Requests are short; a worker stuck longer than this is restarted.
timeout = 60
graceful_timeout = 30
