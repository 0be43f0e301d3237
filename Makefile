# Two commands on a fresh machine: `make run` and `make test`. Both build .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# `make run` passes --host/--port only when HOST/PORT are given (`make run PORT=8205`); otherwise
# SIMULATOR_HOST/SIMULATOR_PORT and the other SIMULATOR_* variables apply. More options: ARGS="...".
HOST ?=
PORT ?=
ARGS ?=

.PHONY: run test lint openapi fixtures bench clean

$(STAMP): setup.cfg
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m compileall -q simulator  # bytecode even where PYTHONDONTWRITEBYTECODE is set
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m compileall -q simulator  # sources changed since the install
	$(BIN)/ccsim serve $(if $(HOST),--host $(HOST)) $(if $(PORT),--port $(PORT)) $(ARGS)

test: $(STAMP)
	$(BIN)/ruff check simulator tests benchmarks
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check simulator tests benchmarks

openapi: $(STAMP)
	$(BIN)/ccsim openapi write

fixtures: $(STAMP)
	$(BIN)/ccsim fixtures generate --out fixtures-out --vendor all

bench: $(STAMP)
	$(BIN)/python -m compileall -q simulator
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build dist *.egg-info
