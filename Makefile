# The README's two commands: `make demo` and `make test`.
.PHONY: demo test setup services stop bench bench-subscriptions

setup:
	scripts/bootstrap.sh

services: setup
	scripts/services.sh up

demo: services
	.venv/bin/tigerbridge demo

test: services
	.venv/bin/python -m pytest -q

stop:
	scripts/services.sh down

bench: setup
	.venv/bin/python -m bench.extract_speed

bench-subscriptions: services
	.venv/bin/python -m bench.subscription_latency
