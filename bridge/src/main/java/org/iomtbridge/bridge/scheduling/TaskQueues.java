package org.iomtbridge.bridge.scheduling;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * The durable tasks of every feature, as db-scheduler keeps them in {@code scheduled_tasks}: the one place that reads
 * that table, so that the queues can be watched without knowing whose tasks they are.
 */
@Repository
public class TaskQueues {

    /** Tasks of one name: due now, running, or scheduled for later; failing ones failed their latest run. */
    public record Queue(String task, long due, long running, long later, long failing) {
    }

    private final JdbcClient jdbc;

    TaskQueues(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every task name with at least one task, in name order. */
    public List<Queue> at(Instant now) {
        return jdbc.sql("""
                        select task_name,
                               sum(case when not picked and execution_time <= :now then 1 else 0 end),
                               sum(case when picked then 1 else 0 end),
                               sum(case when not picked and execution_time > :now then 1 else 0 end),
                               sum(case when consecutive_failures > 0 then 1 else 0 end)
                        from scheduled_tasks group by task_name order by task_name""")
                .param("now", Timestamp.from(now))
                .query((row, number) -> new Queue(row.getString(1), row.getLong(2), row.getLong(3), row.getLong(4),
                        row.getLong(5)))
                .list();
    }
}
