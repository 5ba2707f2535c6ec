package io.tokenbooth.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * JMH profiler for a shared, noisy machine: measures the benchmark JVM's CPU time (all its threads: the benchmark,
 * JIT, GC) over each iteration and reports operations per CPU-second ({@code ·cpu.ops-per-cpu-s}) and the share of
 * one core the JVM actually got ({@code ·cpu.share}). On an idle core the two throughputs agree; when other processes
 * take the core, the wall-clock score drops and the per-CPU-second figure much less. Use with
 * {@code -prof io.tokenbooth.bench.CpuTimeProfiler}.
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private long cpuStart;
    private long wallStart;

    @Override
    public String getDescription() {
        return "operations per CPU-second of the benchmark JVM, and its share of a core";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpuStart = processCpuNanos();
        wallStart = System.nanoTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        long cpu = processCpuNanos() - cpuStart;
        long wall = System.nanoTime() - wallStart;
        if (cpu <= 0 || wall <= 0) {
            return List.of();
        }
        long ops = result.getMetadata().getMeasuredOps();
        return List.of(
                new ScalarResult("·cpu.ops-per-cpu-s", ops / (cpu / 1e9), "ops/cpu-s", AggregationPolicy.AVG),
                new ScalarResult("·cpu.share", 100.0 * cpu / wall, "%", AggregationPolicy.AVG));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
