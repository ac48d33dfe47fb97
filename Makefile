# Two set-up commands: `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: install install-test demo test golden clean

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

demo: install
	$(BIN)/kg extract corpus/ -o demo-output.jsonl
	@echo "wrote demo-output.jsonl"
	$(BIN)/kg extract corpus/ --format csv | head -n 6

test: install-test
	$(BIN)/python -m pytest -q

# Rewrite the expected outputs of the golden tests; review the diff before committing.
golden: install
	$(BIN)/kg extract corpus/tianjin-340105-performance-targets.txt --format json -o tests/golden/tianjin-340105-performance-targets.json
	@for f in tests/cases/*.txt; do [ -e "$$f" ] || continue; $(BIN)/kg extract "$$f" --format json -o "$${f%.txt}.json" || true; done

clean:
	rm -rf $(VENV) demo-output.jsonl
