# Two entry points: `make run` serves the app, `make test` runs the whole suite.
# Each creates its own virtualenv in .venv from pyproject.toml.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test demo lint check clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/portfolio serve

demo: $(STAMP)
	$(BIN)/portfolio demo

# One worker process per core (pytest-xdist); PYTEST_ARGS adds to it, e.g. PYTEST_ARGS='-n 0 -x'.
test: $(STAMP)
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check app tests migrations

check: $(STAMP)
	$(BIN)/alembic upgrade head
	$(BIN)/alembic check

clean:
	rm -rf $(VENV) var
