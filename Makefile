# Two commands for a newcomer: `make run` (viewer on the bundled samples) and `make test` (whole suite).
# Both are idempotent: the venv is (re)installed only when pyproject.toml changes.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.stamp-runtime
DEV_STAMP     := $(VENV)/.stamp-dev
export QT_QPA_PLATFORM ?= $(if $(DISPLAY)$(WAYLAND_DISPLAY),,offscreen)

.PHONY: run test test-slow lint format bench model installer clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUNTIME_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev,train]"
	touch $@ $(RUNTIME_STAMP)

run: $(RUNTIME_STAMP)
	$(BIN)/cxr-triage --samples

test: $(DEV_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -m "not slow"

test-slow: $(DEV_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -m slow

lint: $(DEV_STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(DEV_STAMP)
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

bench: $(DEV_STAMP)
	$(BIN)/python bench/bench_decode.py
	$(BIN)/python bench/bench_pipeline.py

# Reproduces the shipped model and its card (see resources/models/MODEL_CARD.md). ~40 min on 2 idle CPU cores.
DATA ?= ../shared/data/kermany-224
RUN  ?= runs/v1
model: $(DEV_STAMP)
	$(BIN)/cxr-train fit --data $(DATA) --out $(RUN) --epochs 24 --patience 6 --seed 0 --stop-after 6
	$(BIN)/cxr-train fit --data $(DATA) --out $(RUN) --epochs 12 --patience 6 --seed 0 --resume
	$(BIN)/cxr-train evaluate $(RUN)/cxr-triage.onnx $(DATA) --split val --out $(RUN)/evaluation
	cp $(RUN)/cxr-triage.onnx resources/models/cxr-triage.onnx
	$(BIN)/cxr-train card resources/models/cxr-triage.onnx --evaluation $(RUN)/evaluation --out resources/models \
	  --command "make model   # fit --epochs 24 --stop-after 6, then fit --epochs 12 --resume (see Makefile), evaluate, card"

installer: $(DEV_STAMP)
	bash installer/build_linux.sh

clean:
	rm -rf build dist .pytest_cache .ruff_cache
