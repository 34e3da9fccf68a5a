package org.iomtbridge.bridge.sync;

import org.iomtbridge.bridge.withings.DataKind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where each user's backfill stands (tables backfill, backfill_kind, backfill_ecg): the history it covers, the next
 * page of each paged kind, the ECG waveforms still to fetch, and the Withings calls it made. A slice's answers are
 * written to FHIR before its step is recorded here, so a slice cut short runs again and writes the same ids.
 */
@Repository
class BackfillPlans {

    /** A backfill: the history from {@code since} to {@code until}, and when it finished. */
    record Plan(String withingsUserId, Instant since, Instant until, int callsDone, Instant startedAt,
                Optional<Instant> finishedAt) {
    }

    /** The next page of a paged kind. */
    record NextPage(DataKind kind, long offset) {
    }

    /** An ECG whose waveform is still to fetch, with the archived heart list answer that dates it. */
    record PendingEcg(long signalId, long heartListAnswerId) {
    }

    /** What a backfill still owes, for the progress it shows. */
    record Owed(String withingsUserId, int callsDone, int kindsLeft, int ecgsLeft, Instant startedAt,
                Optional<Instant> finishedAt) {
    }

    private final JdbcClient jdbc;

    BackfillPlans(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A new backfill of these paged kinds; false when the user has one already (finished or not). */
    @Transactional
    public boolean create(String withingsUserId, Instant since, Instant until, Collection<DataKind> kinds, Instant now) {
        if (find(withingsUserId).isPresent()) {
            return false;
        }
        jdbc.sql("""
                        insert into backfill (withings_user_id, since_epoch, until_epoch, calls_done, started_at)
                        values (:user, :since, :until, 0, :now)""")
                .param("user", withingsUserId).param("since", since.getEpochSecond())
                .param("until", until.getEpochSecond()).param("now", Timestamp.from(now)).update();
        for (DataKind kind : kinds) {
            jdbc.sql("""
                            insert into backfill_kind (withings_user_id, data_kind, next_offset, pages_done, done)
                            values (:user, :kind, 0, 0, false)""")
                    .param("user", withingsUserId).param("kind", kind.name()).update();
        }
        return true;
    }

    Optional<Plan> find(String withingsUserId) {
        return jdbc.sql("""
                        select since_epoch, until_epoch, calls_done, started_at, finished_at from backfill
                        where withings_user_id = :user""")
                .param("user", withingsUserId)
                .query((row, number) -> new Plan(withingsUserId, Instant.ofEpochSecond(row.getLong(1)),
                        Instant.ofEpochSecond(row.getLong(2)), row.getInt(3), row.getTimestamp(4).toInstant(),
                        Optional.ofNullable(row.getTimestamp(5)).map(Timestamp::toInstant)))
                .optional();
    }

    /** The first unfinished paged kind in the order of {@link DataKind}. */
    Optional<NextPage> nextPage(String withingsUserId) {
        return jdbc.sql("select data_kind, next_offset from backfill_kind where withings_user_id = :user and not done")
                .param("user", withingsUserId)
                .query((row, number) -> new NextPage(DataKind.valueOf(row.getString(1)), row.getLong(2)))
                .list().stream().min((one, other) -> one.kind().compareTo(other.kind()));
    }

    /** A page was written: the next offset, or the kind is done; and the ECGs a heart list page named. */
    @Transactional
    public void pageWritten(String withingsUserId, DataKind kind, int calls, Optional<Long> nextOffset,
                     List<PendingEcg> ecgs) {
        jdbc.sql("""
                        update backfill_kind set next_offset = :offset, pages_done = pages_done + 1, done = :done
                        where withings_user_id = :user and data_kind = :kind""")
                .param("offset", nextOffset.orElse(0L)).param("done", nextOffset.isEmpty())
                .param("user", withingsUserId).param("kind", kind.name()).update();
        for (PendingEcg ecg : ecgs) {
            // A page read again after a crash names the same ECGs.
            int known = jdbc.sql("select count(*) from backfill_ecg where withings_user_id = :user and signal_id = :signal")
                    .param("user", withingsUserId).param("signal", ecg.signalId()).query(Integer.class).single();
            if (known == 0) {
                jdbc.sql("""
                                insert into backfill_ecg (withings_user_id, signal_id, heart_list_answer_id, fetched)
                                values (:user, :signal, :answer, false)""")
                        .param("user", withingsUserId).param("signal", ecg.signalId())
                        .param("answer", ecg.heartListAnswerId()).update();
            }
        }
        countCalls(withingsUserId, calls);
    }

    /** The oldest-listed ECG whose waveform is still to fetch. */
    Optional<PendingEcg> nextEcg(String withingsUserId) {
        return jdbc.sql("""
                        select signal_id, heart_list_answer_id from backfill_ecg
                        where withings_user_id = :user and not fetched order by heart_list_answer_id, signal_id""")
                .param("user", withingsUserId)
                .query((row, number) -> new PendingEcg(row.getLong(1), row.getLong(2))).list().stream().findFirst();
    }

    @Transactional
    public void ecgWritten(String withingsUserId, long signalId, int calls) {
        jdbc.sql("update backfill_ecg set fetched = true where withings_user_id = :user and signal_id = :signal")
                .param("user", withingsUserId).param("signal", signalId).update();
        countCalls(withingsUserId, calls);
    }

    void finish(String withingsUserId, Instant now) {
        jdbc.sql("update backfill set finished_at = :now where withings_user_id = :user and finished_at is null")
                .param("now", Timestamp.from(now)).param("user", withingsUserId).update();
    }

    /** What the backfills of these users owe (all unfinished backfills when {@code users} is empty). */
    List<Owed> owed(Optional<Collection<String>> users) {
        String which = users.map(some -> "b.withings_user_id in (:users)").orElse("b.finished_at is null");
        if (users.isPresent() && users.get().isEmpty()) {
            return List.of();
        }
        JdbcClient.StatementSpec statement = jdbc.sql("""
                select b.withings_user_id, b.calls_done,
                       (select count(*) from backfill_kind k where k.withings_user_id = b.withings_user_id and not k.done),
                       (select count(*) from backfill_ecg e where e.withings_user_id = b.withings_user_id and not e.fetched),
                       b.started_at, b.finished_at
                from backfill b where""" + " " + which);
        if (users.isPresent()) {
            statement = statement.param("users", users.get());
        }
        return statement.query((row, number) -> new Owed(row.getString(1), row.getInt(2), row.getInt(3), row.getInt(4),
                row.getTimestamp(5).toInstant(), Optional.ofNullable(row.getTimestamp(6)).map(Timestamp::toInstant)))
                .list();
    }

    /** The Withings users linked to this FHIR patient that have a backfill. */
    List<String> usersOfPatient(String patientReference) {
        return jdbc.sql("""
                        select b.withings_user_id from backfill b join withings_account a
                        on a.withings_user_id = b.withings_user_id where a.patient_reference = :patient
                        order by b.started_at""")
                .param("patient", patientReference).query(String.class).list();
    }

    private void countCalls(String withingsUserId, int calls) {
        jdbc.sql("update backfill set calls_done = calls_done + :calls where withings_user_id = :user")
                .param("calls", calls).param("user", withingsUserId).update();
    }
}
