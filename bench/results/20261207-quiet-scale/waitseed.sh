#!/bin/bash
until grep -q 'end starts' /work/main/bench/results/20261207-quiet/sequence.log; do sleep 10; done
echo "$(date -u +%H:%M:%S) seeding starts" >> /work/main/bench/results/20261207-quiet-scale/seed.txt
bash /work/main/bench/results/20261207-quiet-scale/seed.sh > /work/main/bench/results/20261207-quiet-scale/seed.log 2>&1
echo "$(date -u +%H:%M:%S) seeding ends rc=$?" >> /work/main/bench/results/20261207-quiet-scale/seed.txt
