#!/bin/sh
# Type check and lint, side by side: each is single-threaded, so on 2 cores this saves ~4 s of `npm test`.
tsc --noEmit & typecheck=$!
eslint .; lint=$?
wait "$typecheck"; typecheck=$?
[ "$typecheck" -eq 0 ] && [ "$lint" -eq 0 ]
