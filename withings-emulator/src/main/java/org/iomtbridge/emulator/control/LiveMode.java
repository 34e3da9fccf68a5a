package org.iomtbridge.emulator.control;

import jakarta.annotation.PreDestroy;
import org.iomtbridge.emulator.world.SimUser;
import org.iomtbridge.emulator.world.World;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Live mode: every N seconds each linked user gets a new weigh-in or blood pressure, and subscribers hear of it. */
@Component
public class LiveMode {

    private final World world;
    private final ControlService control;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "live-mode");
        thread.setDaemon(true);
        return thread;
    });
    private final Random random = new Random(7);
    private ScheduledFuture<?> running;
    private int intervalSeconds;

    public LiveMode(World world, ControlService control) {
        this.world = world;
        this.control = control;
    }

    public synchronized void start(int intervalSeconds) {
        if (intervalSeconds < 1) {
            throw new IllegalArgumentException("intervalSeconds must be at least 1");
        }
        stop();
        this.intervalSeconds = intervalSeconds;
        running = scheduler.scheduleAtFixedRate(this::tick, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
    }

    public synchronized void stop() {
        if (running != null) {
            running.cancel(false);
            running = null;
        }
        intervalSeconds = 0;
    }

    public synchronized int intervalSeconds() {
        return intervalSeconds;
    }

    private void tick() {
        for (SimUser user : world.users()) {
            if (!user.linked()) {
                continue;
            }
            List<MeasureRequest.Value> values = random.nextBoolean()
                    ? List.of(new MeasureRequest.Value(1, BigDecimal.valueOf(70_000 + random.nextInt(15_000), 3)))
                    : List.of(new MeasureRequest.Value(10, BigDecimal.valueOf(115 + random.nextInt(25))),
                    new MeasureRequest.Value(9, BigDecimal.valueOf(72 + random.nextInt(15))),
                    new MeasureRequest.Value(11, BigDecimal.valueOf(58 + random.nextInt(30))));
            control.addGroup(user.userid(), values, Optional.empty(), false);
        }
    }

    @PreDestroy
    void shutdown() {
        scheduler.shutdownNow();
    }
}
