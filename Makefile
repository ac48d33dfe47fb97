# Two set-up commands: `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: install install-test demo test clean

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

clean:
	rm -rf $(VENV) demo-output.jsonl
