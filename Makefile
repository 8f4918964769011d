# One command each: `make demo` (install + check the example draft), `make test` (everything).
.PHONY: demo test bench clean

demo:
	scripts/demo.sh

test:
	scripts/test.sh

bench:
	.venv/bin/python benchmarks/core.py

clean:
	rm -rf .venv build dist src/*.egg-info .pytest_cache
