# Two entry points, each building its own virtual environment on first use:
#   make run   - install and start MentorJournal
#   make test  - install and run lint, type checks and the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: run test lint typecheck pytest long bench redaction-bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(BIN)/.installed
	$(BIN)/mentorjournal $(ARGS)

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports

typecheck: $(BIN)/.installed
	$(BIN)/mypy

pytest: $(BIN)/.installed
	$(BIN)/pytest $(PYTEST_ARGS)

test: lint typecheck pytest

# The assurance suite's long mode: more SIGKILLs, more fuzz examples.
long: $(BIN)/.installed
	MENTORJOURNAL_LONG=1 $(BIN)/pytest tests/assurance $(PYTEST_ARGS)

bench: $(BIN)/.installed
	$(BIN)/python benchmarks/run.py $(ARGS)

# Redaction quality on the labelled corpus, MentorJournal beside Presidio (Presidio's venv: .bench/, first run).
redaction-bench: $(BIN)/.installed
	$(BIN)/python benchmarks/redaction_quality.py $(ARGS)

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
