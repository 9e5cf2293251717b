#!/bin/sh
# check-src.sh -- the rules a compiler does not check (run as a Meson test).
#   - no unbounded string calls or atoi anywhere in src/
#   - no raw malloc/calloc/realloc outside src/util/ (use rb_x*alloc)
#   - SQLite and libpq only inside src/store/
#   - no printing, clock, environment or randomness in src/core/ and
#     src/engine/ (pure computations)
# Prints each offending line; exits 1 if there is any.
cd "$(dirname "$0")/.." || exit 2
status=0
check() { # description, grep -E pattern, paths...
    what=$1; pat=$2; shift 2
    hits=$(grep -rnE "$pat" "$@" --include='*.c' --include='*.h' 2>/dev/null)
    if [ -n "$hits" ]; then
        printf '%s:\n%s\n' "$what" "$hits"
        status=1
    fi
}
check "unbounded string call or atoi" '\b(strcpy|strcat|sprintf|vsprintf|gets|atoi|atol)\(' src
check "raw allocation outside util/" '\b(malloc|calloc|realloc)\(' \
    src/core src/engine src/store src/app src/http src/cli src/kb
check "database call outside store/" '\b(sqlite3_|PQ[a-z])' \
    src/util src/core src/engine src/app src/http src/cli src/kb
check "I/O, clock, env or randomness in core/ or engine/" \
    '\b(printf|fprintf|puts|fopen|getenv|time|clock_gettime|rand|random)\(' src/core src/engine
exit $status
