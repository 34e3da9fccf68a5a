package org.iomtbridge.bridge.sync;

import org.iomtbridge.bridge.withings.DataKind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where each user's backfill stands (tables backfill, backfill_kind, backfill_ecg, backfill_write): the history it
 * covers, the next page of each paged kind, the ECG waveforms still to fetch, the answers fetched and not yet written
 * to FHIR, and the Withings calls it made. A slice records the answers it fetched (archived already) together with its
 * step, so a slice cut short fetches again; a write cut short writes the same ids again. A backfill finishes once
 * nothing is left to fetch or to write; the steps that could finish it lock its row first, so that the last of them,
 * whichever it is, sees what the others did.
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

    /** Answers fetched and not written yet: the archived answers, in the order received. */
    record PendingWrite(long writeId, DataKind kind, List<Long> answerIds) {
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

    /**
     * A page was fetched: the next offset, or the kind is done; the ECGs a heart list page named; and its answers still
     * to write (none when the slice wrote them itself).
     *
     * @param calls the Withings calls the page took
     */
    @Transactional
    public Optional<PendingWrite> pageFetched(String withingsUserId, DataKind kind, List<Long> answerIds,
                                              Optional<Long> nextOffset, List<PendingEcg> ecgs, int calls) {
        lock(withingsUserId);
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
        return fetched(withingsUserId, kind, answerIds, calls);
    }

    /** The oldest-listed ECG whose waveform is still to fetch. */
    Optional<PendingEcg> nextEcg(String withingsUserId) {
        return jdbc.sql("""
                        select signal_id, heart_list_answer_id from backfill_ecg
                        where withings_user_id = :user and not fetched order by heart_list_answer_id, signal_id""")
                .param("user", withingsUserId)
                .query((row, number) -> new PendingEcg(row.getLong(1), row.getLong(2))).list().stream().findFirst();
    }

    /**
     * An ECG's waveform was fetched; its answers, with the heart list answer that dates it, to write.
     *
     * @param calls the Withings calls made for it (its answers, without the heart list)
     */
    @Transactional
    public Optional<PendingWrite> ecgFetched(String withingsUserId, long signalId, List<Long> answerIds, int calls) {
        lock(withingsUserId);
        jdbc.sql("update backfill_ecg set fetched = true where withings_user_id = :user and signal_id = :signal")
                .param("user", withingsUserId).param("signal", signalId).update();
        return fetched(withingsUserId, DataKind.HEART, answerIds, calls);
    }

    private Optional<PendingWrite> fetched(String withingsUserId, DataKind kind, List<Long> answerIds, int calls) {
        jdbc.sql("update backfill set calls_done = calls_done + :calls where withings_user_id = :user")
                .param("calls", calls).param("user", withingsUserId).update();
        if (answerIds.isEmpty()) {
            return Optional.empty();
        }
        // The last answer is the slice's own: a key no other write of the user has.
        long writeId = answerIds.get(answerIds.size() - 1);
        jdbc.sql("""
                        insert into backfill_write (withings_user_id, write_id, data_kind, answer_ids)
                        values (:user, :write, :kind, :answers)""")
                .param("user", withingsUserId).param("write", writeId).param("kind", kind.name())
                .param("answers", answerIds.stream().map(String::valueOf).collect(Collectors.joining(",")))
                .update();
        return Optional.of(new PendingWrite(writeId, kind, List.copyOf(answerIds)));
    }

    /** The answers of this write, unless they are written already. */
    Optional<PendingWrite> pendingWrite(String withingsUserId, long writeId) {
        return jdbc.sql("""
                        select data_kind, answer_ids from backfill_write
                        where withings_user_id = :user and write_id = :write""")
                .param("user", withingsUserId).param("write", writeId)
                .query((row, number) -> new PendingWrite(writeId, DataKind.valueOf(row.getString(1)),
                        Arrays.stream(row.getString(2).split(",")).map(Long::valueOf).toList()))
                .optional();
    }

    /** The writes still to do, oldest first. */
    List<Long> pendingWrites(String withingsUserId) {
        return jdbc.sql("select write_id from backfill_write where withings_user_id = :user order by write_id")
                .param("user", withingsUserId).query(Long.class).list();
    }

    /** A write is done; true if that finished the backfill. */
    @Transactional
    public boolean written(String withingsUserId, long writeId, Instant now) {
        lock(withingsUserId);
        jdbc.sql("delete from backfill_write where withings_user_id = :user and write_id = :write")
                .param("user", withingsUserId).param("write", writeId).update();
        return finishIfComplete(withingsUserId, now);
    }

    /** Finishes the backfill if nothing is left to fetch or to write; true if it is finished now. */
    @Transactional
    public boolean finishIfComplete(String withingsUserId, Instant now) {
        lock(withingsUserId);
        int left = jdbc.sql("""
                        select (select count(*) from backfill_kind where withings_user_id = :user and not done)
                             + (select count(*) from backfill_ecg where withings_user_id = :user and not fetched)
                             + (select count(*) from backfill_write where withings_user_id = :user)""")
                .param("user", withingsUserId).query(Integer.class).single();
        if (left > 0) {
            return false;
        }
        return jdbc.sql("update backfill set finished_at = :now where withings_user_id = :user and finished_at is null")
                .param("now", Timestamp.from(now)).param("user", withingsUserId).update() == 1;
    }

    private void lock(String withingsUserId) {
        jdbc.sql("select withings_user_id from backfill where withings_user_id = :user for update")
                .param("user", withingsUserId).query(String.class).list();
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
}
