# Rebound -- two commands on a fresh Debian 12 machine:
#   make run    install what is missing, build, create a demo database, serve
#   make test   everything CI runs: unit, store and API tests, then the same
#               suite built with AddressSanitizer + UBSan; ends "N passed, N failed"
# Also: make bench, make fmt, make clean.

BUILD   := build
ASAN    := build-asan
DB      := rebound-data/rebound.db
REBOUND := $(BUILD)/src/cli/rebound

.PHONY: all deps build run test bench fmt clean

all: build

deps:
	@scripts/bootstrap

build: deps
	@test -f $(BUILD)/build.ninja || meson setup $(BUILD) >/dev/null
	@ninja -C $(BUILD)

run: build
	@test -f $(DB) || { $(REBOUND) init --db $(DB) --demo && \
		scripts/demo-extras $(REBOUND) $(DB); }
	@echo "demo logins: owner@riverside.example, at@riverside.example,"
	@echo "             cpt@riverside.example, maya@riverside.example"
	@echo "             password rebound-demo-2026 (open http://127.0.0.1:8080/)"
	@$(REBOUND) serve --db $(DB)

test: deps
	@test -f $(BUILD)/build.ninja || meson setup $(BUILD) >/dev/null
	@test -f $(ASAN)/build.ninja || meson setup $(ASAN) -Dbuildtype=debug \
		-Db_sanitize=address,undefined -Db_lundef=false \
		-Dc_args=-fno-sanitize-recover=all >/dev/null
	@ninja -C $(BUILD)
	@ninja -C $(ASAN)
	@rc=0; \
	meson test -C $(BUILD) --print-errorlogs || rc=1; \
	meson test -C $(ASAN) --print-errorlogs --timeout-multiplier 3 || rc=1; \
	python3 scripts/test-summary $(BUILD)/meson-logs/testlog.json \
		$(ASAN)/meson-logs/testlog.json || rc=1; \
	exit $$rc

bench:
	@scripts/bootstrap --bench
	@bench/run

fmt:
	@clang-format -i $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'tests/*.h' 'bench/*.c')

clean:
	rm -rf $(BUILD) $(ASAN) build-bench
