#!/bin/bash
until grep -q 'seeding ends' /work/main/bench/results/20261207-quiet-scale/seed.txt 2>/dev/null; do sleep 10; done
grep -q 'rc=0' /work/main/bench/results/20261207-quiet-scale/seed.txt || exit 1
flock /tmp/bench.lock bash /work/main/bench/results/20261207-quiet-scale/scale.sh
