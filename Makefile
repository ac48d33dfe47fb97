# Two set-up commands: `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: install install-test system-deps demo test accuracy variants golden readme screenshot bench bench-extract bench-serve bench-startup bench-view clean

# Reinstall only when the packaging metadata changed, so a second `make` is quiet.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(TEST_STAMP): $(STAMP) pyproject.toml
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

install: $(STAMP)

install-test: $(TEST_STAMP)

system-deps:
	@bash scripts/system-deps.sh

demo: install
	$(BIN)/kg extract corpus/ -o demo-output.jsonl
	$(BIN)/kg build corpus/ --store .kg
	@echo "--- which projects share a target? ---"
	$(BIN)/kg query shared-targets --store .kg
	@echo "--- do cost targets add up to the budget? ---"
	$(BIN)/kg query cost-vs-budget --store .kg

test: install-test system-deps
	$(BIN)/lint-imports pyproject.toml
	$(BIN)/python -m pytest -q

# Exact rows on real published tables (tests/real-tables, tests/real-wild), per file and in total;
# --misses lists every row that is not exact and why.
accuracy: install
	$(BIN)/python -m tests.accuracy --misses

# The same exact rows with the real tables written the ways other tools leave them (spaced, glued, tabs…).
variants: install
	$(BIN)/python -m tests.variants

# Rewrite the expected outputs of the golden tests; review the diff before committing.
golden: install
	$(BIN)/kg extract corpus/tianjin-340105-performance-targets.txt --format json -o tests/golden/tianjin-340105-performance-targets.json
	@for f in tests/cases/*.txt; do [ -e "$$f" ] || continue; $(BIN)/kg extract "$$f" --format json -o "$${f%.txt}.json" || true; done

# Regenerate the README's CLI section from the commands' --help.
readme: install
	$(BIN)/python scripts/readme_cli.py

# The scale benchmark: kg at 1k, 10k and 100k synthetic projects, rdflib beside it at 1k and 10k
# (about half an hour on 2 cores) → bench/results.md. KG_BENCH_SIZES=1000,10000 for a shorter run.
bench: install
	$(BIN)/python bench/scale.py

# Extraction throughput at 1k and 10k synthetic projects → bench/extract-results.md
bench-extract: install
	$(BIN)/python bench/extract_bench.py

# The README's picture of the sample graph, from the HTML view in headless Chromium.
screenshot: install-test
	$(BIN)/python scripts/screenshot.py

# How long `kg query` takes to start and answer, against a bare `import pyoxigraph, click` → bench/results.md
bench-startup: install
	$(BIN)/python bench/startup.py

# 1,000 queries from 20 clients against kg serve on loopback → bench/results.md;
# KG_BENCH_STORE=DIR make bench-serve: 5,000 from 50 clients over a built store (e.g. 100k projects)
bench-serve: install
	$(BIN)/python bench/load_test.py

# The HTML graph view in headless Chromium at about 100, 2,000 and 20,000 nodes: time to first draw,
# labels, opening a community, showing all, search → bench/results.md (a few minutes)
bench-view: install-test system-deps
	$(BIN)/python bench/view_bench.py

clean:
	rm -rf $(VENV) demo-output.jsonl .kg .kg.versions .kg.lock .kg.search.sqlite .kg.view.npz
