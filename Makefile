# Samverkanstrappan. `make run` and `make test` are all a new machine needs.
# `make run` and `make serve` run the mail worker beside the server (commands/with_mail_worker.py).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
PORT ?= 5000
# Exported so that commands build their links on this port (services/links.py), as the server listens on it.
export PORT
# Folders whose strings are translated (never the virtual environment).
I18N_SOURCES := app.py config.py commands forms models questionnaire reports services views vocabulary templates
# The application's Python code, for the security checks.
PY_SOURCES := app.py config.py extensions.py log_redaction.py gunicorn.conf.py commands forms models questionnaire reports services views vocabulary

.PHONY: install run serve test lint format audit translations extract-messages bench clean

$(BIN)/activate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(BIN)/activate

install: $(BIN)/activate translations

translations: $(BIN)/activate
	$(BIN)/pybabel compile -d translations > /dev/null

extract-messages: $(BIN)/activate
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output --omit-header -o translations/messages.pot $(I18N_SOURCES)
	$(BIN)/pybabel update -i translations/messages.pot -d translations --ignore-obsolete --no-fuzzy-matching --width 120

run: install
	$(FLASK) init-db
	$(FLASK) load-reference
	$(FLASK) seed-demo --if-empty
	@$(BIN)/python -m commands.banner $(PORT)
	$(BIN)/python -m commands.with_mail_worker $(FLASK) run --host 127.0.0.1 --port $(PORT)

serve: install
	$(FLASK) init-db
	$(BIN)/python -m commands.with_mail_worker $(BIN)/gunicorn --config gunicorn.conf.py "app:create_app()"

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -n 2 --dist loadgroup

lint: $(BIN)/activate
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# bandit: no medium or high finding may stand (each exception is a `# nosec` with its reason in a comment);
# pip-audit: no known vulnerability in the installed dependencies (.ci/audit_dependencies.py says how many it checked).
audit: $(BIN)/activate
	$(BIN)/bandit -q -ll -r $(PY_SOURCES)
	$(BIN)/python .ci/audit_dependencies.py

format: $(BIN)/activate
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# wrk is the load generator; Debian packages it (CI machines run as root).
bench: install
	@command -v wrk > /dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk > /dev/null
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
