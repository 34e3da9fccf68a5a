package org.iomtbridge.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A load generator for the webhook, run as a process of its own: posts Withings-shaped notifications, every one
 * distinct (no duplicate for the inbox to skip), from a number of concurrent senders, and prints the throughput and
 * the latency percentiles of the accepted ones.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.iomtbridge.benchmarks.WebhookLoad URL REQUESTS CONCURRENCY}
 */
public final class WebhookLoad {

    private WebhookLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: WebhookLoad WEBHOOK_URL REQUESTS CONCURRENCY");
            System.exit(2);
        }
        URI url = URI.create(args[0]);
        int requests = Integer.parseInt(args[1]);
        int concurrency = Integer.parseInt(args[2]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        AtomicInteger sequence = new AtomicInteger();
        run(http, url, requests / 10, concurrency, sequence);
        Result result = run(http, url, requests, concurrency, sequence);
        long[] sorted = result.latenciesNanos();
        Arrays.sort(sorted);
        System.out.printf("requests=%d concurrency=%d seconds=%.2f per_second=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f"
                        + " not_200=%d%n", requests, concurrency, result.seconds(), requests / result.seconds(),
                percentile(sorted, 0.50), percentile(sorted, 0.99), sorted[sorted.length - 1] / 1e6, result.failures());
    }

    private record Result(long[] latenciesNanos, double seconds, int failures) {
    }

    private static Result run(HttpClient http, URI url, int requests, int concurrency, AtomicInteger sequence)
            throws InterruptedException {
        long[] latencies = new long[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(concurrency);
        long started = System.nanoTime();
        for (int sender = 0; sender < concurrency; sender++) {
            senders.submit(() -> {
                for (int index = next.getAndIncrement(); index < requests; index = next.getAndIncrement()) {
                    int n = sequence.incrementAndGet();
                    long start = 1_700_000_000L + n;
                    String form = "userid=" + (90_000_000 + n % 1000) + "&appli=1&startdate=" + start + "&enddate="
                            + (start + 60);
                    HttpRequest request = HttpRequest.newBuilder(url)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form)).build();
                    long sent = System.nanoTime();
                    try {
                        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (status != 200) {
                            failures.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                    latencies[index] = System.nanoTime() - sent;
                }
            });
        }
        senders.shutdown();
        senders.awaitTermination(1, TimeUnit.HOURS);
        return new Result(latencies, (System.nanoTime() - started) / 1e9, failures.get());
    }

    private static double percentile(long[] sorted, double share) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(share * sorted.length) - 1)] / 1e6;
    }
}
