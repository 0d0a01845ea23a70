# NewsBlog: `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve bench test install lint demo clean bench-images bench-search

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("NewsBlog needs Python 3.11 or newer, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

run: install
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py load_demo
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# Production: gunicorn (see gunicorn.conf.py) with static files through WhiteNoise.
# Needs DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS; see README.md "Running in production".
serve: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	GUNICORN_BIND=$${GUNICORN_BIND:-$(HOST):$(PORT)} $(VENV)/bin/gunicorn --config gunicorn.conf.py

# Throughput and latency of the public pages under gunicorn, cold and warm (see bench/run.py).
bench: install
	$(PY) -m bench.run

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

test: lint
	$(VENV)/bin/pytest

# Prints how long a 12-megapixel JPEG upload takes to check, re-encode and render.
bench-images: install
	$(PY) bench/images.py

# Prints how long search, the feed and the sitemap take with 5,000 articles (BENCH_ARTICLES).
bench-search: install
	$(PY) bench/search.py

clean:
	rm -rf $(VENV) var/test*.sqlite3*
