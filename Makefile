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
# `make image`: the container image of the Containerfile, in two steps: a wheelhouse built here with the venv's
# pip, then a build that installs only from it (no network inside). IMAGE names the image; BASE replaces the
# Containerfile's base (python:3.12-slim); IMAGE_PYTHON is the base's Python version, whose binary wheels are
# added to the wheelhouse (the venv's Python may differ; empty: the venv's wheels only, so give it with BASE
# unless both Pythons match). CONTAINER is the tool (podman, docker); BUILD_ARGS adds options to its build.
IMAGE ?= localhost/ccsim
BASE ?=
IMAGE_PYTHON ?= $(if $(BASE),,3.12)
CONTAINER ?= podman
BUILD_ARGS ?=
WHEEL_PLATFORMS := $(foreach tag,manylinux_2_28 manylinux_2_24 manylinux_2_17 manylinux2014 manylinux_2_5 manylinux1,\
	--platform $(tag)_$(shell uname -m))

.PHONY: run test lint openapi fixtures bench clean image container-test

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
	$(BIN)/lint-imports  # the import contracts of .importlinter
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check simulator tests benchmarks
	$(BIN)/lint-imports  # the import contracts of .importlinter

openapi: $(STAMP)
	$(BIN)/ccsim openapi write

fixtures: $(STAMP)
	$(BIN)/ccsim fixtures generate --out fixtures-out --vendor all

bench: $(STAMP)
	$(BIN)/python -m compileall -q simulator
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/scale.py
	$(BIN)/python benchmarks/scale_out.py

clean:
	rm -rf $(VENV) build dist *.egg-info

image: $(STAMP)
	rm -rf wheelhouse
	$(BIN)/python -m pip wheel --quiet --disable-pip-version-check --wheel-dir wheelhouse .
	rm -rf build  # pip wheel builds in the tree: a stale build/lib would slip into the next wheel
	$(if $(IMAGE_PYTHON),$(BIN)/python -m pip download --quiet --disable-pip-version-check --only-binary=:all: \
		--dest wheelhouse --implementation cp --python-version $(IMAGE_PYTHON) $(WHEEL_PLATFORMS) \
		wheelhouse/contact_center_simulator-*.whl)
	$(CONTAINER) build $(if $(filter podman buildah,$(notdir $(firstword $(CONTAINER)))),--format docker) \
		$(if $(BASE),--build-arg BASE=$(BASE)) $(BUILD_ARGS) --file Containerfile --tag $(IMAGE) .

# Builds the image and runs it (minutes; podman, runc and debootstrap needed): not part of `make test`.
container-test: $(STAMP)
	$(BIN)/python -m pytest -q -m container tests/container
