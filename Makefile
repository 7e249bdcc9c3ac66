# hcdesk: `make run` starts the application on a demo profile; `make test` runs the tests.
# Both bootstrap .venv from a bare python3 and the pinned versions in constraints.txt.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.stamp-install
DEMO   ?= .hcdesk-demo

.PHONY: run test lint typecheck bench demo sysdeps clean help

help:
	@echo "make run    - set up and start hcdesk on the demo profile ($(DEMO))"
	@echo "make test   - set up and run the test suite"
	@echo "make lint   - ruff and mypy"
	@echo "make bench  - run the benchmarks in bench/ (figures go to docs/PERFORMANCE.md by hand)"

# Quiet: one line per step; pip's own output (warnings included) goes to $(LOG), and its last
# lines are shown only if a step fails.
LOG    := $(VENV)/install.log
define step
	@printf '%s\n' $(1)
	@$(2) >>$(LOG) 2>&1 || { echo "  failed; the end of $(LOG):"; tail -n 25 $(LOG); exit 1; }
endef

$(STAMP): pyproject.toml constraints.txt
	@echo "Setting up $(VENV) (the full log is $(LOG))"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@: > $(LOG)
	$(call step,"  [1/2] pip",$(BIN)/python -m pip install -q --upgrade pip)
	$(call step,"  [2/2] hcdesk and its pinned dependencies",$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]')
	@touch $@

sysdeps-%:
	@sh scripts/system-deps.sh $*

run: $(STAMP) sysdeps-run
	@$(BIN)/python -m hcdesk.devrun --profile $(DEMO)

# The suite runs on every CPU (pytest-xdist; each test has its own directories, databases and
# ports). `make test PYTEST_JOBS=0` runs it in one process; PYTEST_ARGS passes anything else.
PYTEST_JOBS ?= auto
test: $(STAMP) sysdeps-test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n $(PYTEST_JOBS) --dist worksteal --durations=15 $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP) sysdeps-test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
