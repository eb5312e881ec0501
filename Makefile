# kamtrain: the two commands a newcomer runs are `make demo` and `make test`.
VENV    ?= .venv
PYTHON  ?= python3
BIN     := $(VENV)/bin
# nbgrader runs `alembic` in a subprocess: the venv's bin must be on PATH.
export PATH := $(CURDIR)/$(BIN):$(PATH)
STAMP   := $(VENV)/.installed
DEMO_DIR ?= demo
PYTEST_ARGS ?=
# The tests run on 2 processes (pytest-xdist): most of them wait on kernels and
# subprocesses, so a 2-core machine runs two at once for the price of one
# (tests/conftest.py keeps each test module on one worker, longest first).
# TEST_WORKERS=0 runs them in this process, one after another.
TEST_WORKERS ?= 2
XDIST   := $(if $(filter-out 0,$(TEST_WORKERS)),-n $(TEST_WORKERS) --dist loadfile)

.PHONY: install demo test test-fast lint format bench clean

# configurable-http-proxy (npm) for the JupyterHub test, in a project-local folder
# pinned by .ci/node/package-lock.json; without npm the test says why it is skipped.
CHP     := .ci/node/node_modules/.installed

install: $(STAMP) $(CHP)

$(CHP): .ci/node/package-lock.json
	@if command -v npm >/dev/null; then \
	  (npm ci --prefix .ci/node --no-audit --no-fund --loglevel=error && touch $(CHP)) \
	    || echo "warning: npm ci failed; the JupyterHub test will be skipped"; \
	else echo "warning: npm not found; the JupyterHub test will be skipped"; fi

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing kamtrain and its dependencies into $(VENV) ..."
	@# pip's full output goes to a log, shown only if the installation fails.
	@$(BIN)/python -m pip install --upgrade pip > $(VENV)/install.log 2>&1 \
	  && $(BIN)/python -m pip install -e '.[all]' >> $(VENV)/install.log 2>&1 \
	  || (cat $(VENV)/install.log; echo "Installation failed: see the log above ($(VENV)/install.log)."; exit 1)
	@$(BIN)/python -c "import kamtrain, nbgrader, papermill" || (echo "installation failed" && exit 1)
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/kamtrain demo --dir $(DEMO_DIR)

test: $(STAMP) $(CHP)
	$(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS)

test-fast: $(STAMP)
	$(BIN)/python -m pytest $(XDIST) -m "not slow and not browser and not postgres" $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check kamtrain kamlearn tests benchmarks
	$(BIN)/ruff format --check kamtrain kamlearn tests benchmarks

format: $(STAMP)
	$(BIN)/ruff format kamtrain kamlearn tests benchmarks
	$(BIN)/ruff check --fix kamtrain kamlearn tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_startup.py
	$(BIN)/python benchmarks/bench_grading.py
	$(BIN)/python benchmarks/bench_sandbox.py

clean:
	rm -rf $(DEMO_DIR) .pytest_cache test-output
