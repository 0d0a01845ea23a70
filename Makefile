# NewsBlog: `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve bench test test-browser install lint demo clean bench-images bench-search bench-inprocess bench-import bench-growth

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("NewsBlog needs Python 3.11 or newer, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

# axe-core and the Nu HTML Checker for the browser tests. --ignore-scripts: vnu-jar's install
# script would download a Java runtime; the checker uses the machine's Java instead.
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --ignore-scripts --no-audit --no-fund; \
	else echo "npm not found: the accessibility and HTML checks will be skipped"; fi

# The mail worker (comments/tasks.py) runs beside the web server in the same terminal, and stops
# with it: on Ctrl+C both get the signal; if the server ends any other way, the trap stops the
# worker. In production run the worker under systemd instead (README.md, "Mail").
define with_mail_worker
	@$(PY) manage.py db_worker --no-reload --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	$(1)
endef

run: export DJANGO_DEBUG = 1
run: export NEWSBLOG_SITE_URL ?= http://$(HOST):$(PORT)/
run: install
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py load_demo
	$(call with_mail_worker,DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT))

# Production: gunicorn (see gunicorn.conf.py) with static files through WhiteNoise.
# Needs DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS; see README.md "Running in production".
serve: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(call with_mail_worker,GUNICORN_BIND=$${GUNICORN_BIND:-$(HOST):$(PORT)} $(VENV)/bin/gunicorn --config gunicorn.conf.py)

# Throughput and latency of the public pages under gunicorn, cold and warm (see bench/run.py).
bench: install
	$(PY) -m bench.run

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-logo --no-cache --contract one-way
	$(VENV)/bin/djlint templates --lint --quiet
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

test: lint node_modules/.package-lock.json
	$(VENV)/bin/pytest

test-browser: install node_modules/.package-lock.json
	$(VENV)/bin/pytest -m browser

# What each page of `make bench` costs inside one process: time and Python calls per request.
bench-inprocess: install
	$(PY) -m bench.inprocess

# Prints how long a 12-megapixel JPEG upload takes to check, re-encode and render.
bench-images: install
	$(PY) bench/images.py

# Prints how long search, the feed and the sitemap take with 5,000 articles (BENCH_ARTICLES).
bench-search: install
	$(PY) bench/search.py

# Peak memory and items per second importing WordPress exports of 2,000 and 20,000 posts;
# fails if the larger one's peak is over 1.5 times the smaller's (see bench/import_wxr.py).
bench-import: install
	$(PY) -m bench.import_wxr

clean:
	rm -rf $(VENV) var/test*.sqlite3* node_modules test-output

# Do the public pages keep their speed from 1,000 to 100,000 articles? Exits 1 when one does not
# (see bench/growth.py; BENCH_GROWTH_SIZES for smaller sizes).
bench-growth: install
	$(PY) -m bench.growth
