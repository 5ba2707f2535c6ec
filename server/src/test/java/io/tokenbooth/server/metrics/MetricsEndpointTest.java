package io.tokenbooth.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JVM's gauges are bound by the first scrape, not at start: that scrape already has them, and once only. */
class MetricsEndpointTest {
    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    @Test
    void firstScrapeWhenGaugesBoundOnFirstUseThenJvmMemoryThreadsProcessorAndGcAreThere() {
        TestServer s = app.server();
        TestServer.Response first = s.get("/metrics");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).contains("jvm_memory_used_bytes{").contains("jvm_threads_live_threads")
                .contains("system_cpu_count").contains("process_cpu_usage").contains("jvm_gc_max_data_size_bytes");
        List<String> second = jvmSeries(s.get("/metrics").body());
        assertThat(jvmSeries(s.get("/metrics").body())).as("bound once: the JVM series do not grow").isEqualTo(second);
        assertThat(second.stream().filter(l -> l.startsWith("jvm_memory_used_bytes{"))).hasSizeGreaterThan(1);
    }

    private static List<String> jvmSeries(String scrape) {
        // Memory pools and buffers: the series names and labels (values vary between scrapes).
        return scrape.lines().filter(l -> l.startsWith("jvm_memory_") || l.startsWith("jvm_buffer_"))
                .map(l -> l.substring(0, l.lastIndexOf(' '))).toList();
    }
}
