# Two commands for a newcomer: `make run` (viewer on the bundled samples) and `make test` (whole suite).
# Both are idempotent: the venv is (re)installed only when pyproject.toml changes.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.stamp-runtime
DEV_STAMP     := $(VENV)/.stamp-dev
export QT_QPA_PLATFORM ?= $(if $(DISPLAY)$(WAYLAND_DISPLAY),,offscreen)

.PHONY: run test test-slow lint format bench model installer installer-windows clean \
	orthanc-start orthanc-stop listen-dev i18n i18n-update

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

# Reproduces the shipped models and the card (see resources/models/MODEL_CARD.md): ~100 min on 2
# idle CPU cores (checkpoints every epoch; after a stop, run `make model RESUME=--resume`).
# Stages, each reading the one before and writing its own file (none is rewritten): fit
# (-> cxr-triage.onnx, 2.0.0), heatmap scale (-> cxr-triage-scaled.onnx), lung-field model
# (-> cxr-lungs.onnx), scope gate + operating point (-> cxr-triage-gated.onnx, the shipped
# version), evaluations, heatmap report, int8, card.
DATA ?= ../shared/data/kermany-224
SHARED ?= ../shared/data
RUN  ?= runs/v2
VERSION ?= 2.1.0
RESUME ?=
EXPORTED = $(RUN)/cxr-triage.onnx
SCALED = $(RUN)/cxr-triage-scaled.onnx
GATED = $(RUN)/cxr-triage-gated.onnx
model: $(DEV_STAMP)
	$(BIN)/cxr-train fit --data $(DATA) --out $(RUN) --epochs 40 --patience 40 --seed 0 $(RESUME)
	$(BIN)/cxr-train heatmap-scale $(EXPORTED) $(DATA) --out $(SCALED)
	$(BIN)/cxr-train lungs --masks $(SHARED)/lung-masks --data $(DATA) --out runs/lungs \
	  --model-out $(RUN)/cxr-lungs.onnx $(RESUME)
	$(BIN)/cxr-train gate $(SCALED) --data $(DATA) --shared $(SHARED) \
	  --lungs $(RUN)/cxr-lungs.onnx --out $(RUN)/gate --model-out $(GATED) --model-version $(VERSION)
	$(BIN)/cxr-train evaluate $(GATED) $(DATA) --split val --out $(RUN)/evaluation \
	  --lungs $(RUN)/cxr-lungs.onnx
	$(BIN)/cxr-train evaluate $(GATED) $(DATA) --split shifted --out $(RUN)/evaluation-shifted \
	  --lungs $(RUN)/cxr-lungs.onnx
	$(BIN)/cxr-train heatmap-report $(GATED) $(DATA) --out $(RUN)/heatmaps \
	  --checkpoint $(RUN)/best.pt --sheet docs/heatmaps/contact-sheet.png --lungs $(RUN)/cxr-lungs.onnx
	rm -f $(RUN)/cxr-triage-int8.onnx resources/models/cxr-triage-int8.onnx
	$(BIN)/cxr-train quantize $(GATED) $(DATA) --out $(RUN)/cxr-triage-int8.onnx
	cp $(GATED) resources/models/cxr-triage.onnx
	cp $(RUN)/cxr-lungs.onnx resources/models/cxr-lungs.onnx
	if [ -f $(RUN)/cxr-triage-int8.onnx ]; then cp $(RUN)/cxr-triage-int8.onnx resources/models/; fi
	$(BIN)/cxr-train card resources/models/cxr-triage.onnx --evaluation $(RUN)/evaluation \
	  --shifted-evaluation $(RUN)/evaluation-shifted --heatmaps $(RUN)/heatmaps \
	  --gate $(RUN)/gate --lungs resources/models/cxr-lungs.onnx --out resources/models \
	  --command "make model   # cxr-train fit --epochs 40 --patience 40 --seed 0, heatmap-scale, lungs, gate, evaluate val + shifted, heatmap-report, quantize, card"

installer: $(DEV_STAMP)
	bash installer/build_linux.sh

# Windows setup.exe built under Wine, then installed, run and uninstalled there (installer/README.md).
# First run ~8 min (Debian packages, Wine prefix, Windows Python + wheels); later runs reuse .cache/wine.
installer-windows: $(DEV_STAMP)
	CXR_BUILD_PYTHON=$(abspath $(BIN)/python) bash installer/windows/build_windows.sh --install-tools

# A private Orthanc (Debian package; REST 127.0.0.1:8042, DICOM ORTHANC@4242, data in .cache/orthanc)
# and CXR Triage listening on 11112 sending SC + SR to it: the clinic's round trip on one machine.
orthanc-start: $(DEV_STAMP)
	$(BIN)/python -m tests.orthanc_server start .cache/orthanc

orthanc-stop:
	$(BIN)/python -m tests.orthanc_server stop .cache/orthanc

listen-dev: $(RUNTIME_STAMP)
	$(BIN)/cxr-triage listen --port 11112 --pacs 127.0.0.1:4242 --pacs-ae ORTHANC

# Languages (README "Languages"). The viewer's strings: Qt's tr() -> resources/i18n/*.ts (lupdate)
# -> .qm (lrelease). The Qt-free strings (inference/, app's logic): gettext _() -> .pot (Babel)
# -> resources/locale/<lang>/LC_MESSAGES/cxr-triage.po -> .mo. The compiled files are committed;
# tests/test_i18n.py fails when a catalogue is incomplete or a compiled file is stale.
LANGS := fr pt es
TS_FILES := $(foreach l,$(LANGS),resources/i18n/cxr_triage_$(l).ts)
POT := resources/locale/cxr-triage.pot
i18n-update: $(DEV_STAMP)
	$(BIN)/pyside6-lupdate -extensions py -no-obsolete -locations none app -ts $(TS_FILES)
	$(BIN)/pybabel extract --no-wrap --add-location=file --sort-output -k N_ \
	  --project="CXR Triage" --copyright-holder="CXR Triage" -o $(POT) app inference
	for l in $(LANGS); do \
	  if [ -f resources/locale/$$l/LC_MESSAGES/cxr-triage.po ]; then \
	    $(BIN)/pybabel update --no-fuzzy-matching --no-wrap --ignore-obsolete --ignore-pot-creation-date \
	      -D cxr-triage -i $(POT) -d resources/locale -l $$l; \
	  else $(BIN)/pybabel init --no-wrap -D cxr-triage -i $(POT) -d resources/locale -l $$l; fi; \
	done

i18n: $(DEV_STAMP)
	$(BIN)/pyside6-lrelease $(TS_FILES)
	$(BIN)/pybabel compile --statistics -D cxr-triage -d resources/locale

clean:
	rm -rf build dist .pytest_cache .ruff_cache
