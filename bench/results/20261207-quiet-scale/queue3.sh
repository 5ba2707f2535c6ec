#!/bin/bash
cd /work/main
bash bench/results/20261207-quiet-scale/c1.sh
mkdir -p bench/results/20261207-quiet-kernel/jmh
taskset -c 0 /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar /tmp/scale-bench.jar -p alg=ES256 -p provider=accp \
  'TokenSigningBenchmark.(mint|signOnly)' -f 1 -wi 3 -i 5 -w 2s -r 3s -prof io.tokenbooth.bench.CpuTimeProfiler \
  > bench/results/20261207-quiet-kernel/jmh/es256-accp.txt 2>&1
