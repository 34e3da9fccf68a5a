package org.iomtbridge.bridge.accounts;

import org.iomtbridge.withings.Scope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** The Withings users linked to FHIR patients. */
@Repository
public class AccountStore {

    /** A linked Withings user. */
    public record Account(String withingsUserId, String patientReference, AccountStatus status, Set<Scope> scopes) {

        public Account {
            scopes = Set.copyOf(scopes);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(AccountStore.class);

    private final JdbcClient jdbc;

    public AccountStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Links the user to the patient, or updates the link; the account becomes active. */
    public void link(String withingsUserId, String patientReference, Set<Scope> scopes, Instant now) {
        String granted = Scope.join(scopes);
        int updated = jdbc.sql("""
                        update withings_account set patient_reference = :patient, status = :status, scopes = :scopes,
                        updated_at = :now where withings_user_id = :user""")
                .param("patient", patientReference).param("status", AccountStatus.ACTIVE.name())
                .param("scopes", granted).param("now", Timestamp.from(now)).param("user", withingsUserId).update();
        if (updated == 0) {
            jdbc.sql("""
                            insert into withings_account (withings_user_id, patient_reference, status, scopes, created_at,
                            updated_at) values (:user, :patient, :status, :scopes, :now, :now)""")
                    .param("user", withingsUserId).param("patient", patientReference)
                    .param("status", AccountStatus.ACTIVE.name()).param("scopes", granted)
                    .param("now", Timestamp.from(now)).update();
        }
    }

    /**
     * Locks the user's row until the caller's transaction ends: whoever else locks it waits, on every instance.
     *
     * @throws org.springframework.dao.EmptyResultDataAccessException when the user is not linked
     */
    public void lock(String withingsUserId) {
        jdbc.sql("select withings_user_id from withings_account where withings_user_id = :user for update")
                .param("user", withingsUserId).query(String.class).single();
    }

    public Optional<Account> find(String withingsUserId) {
        return jdbc.sql("select withings_user_id, patient_reference, status, scopes from withings_account"
                        + " where withings_user_id = :user")
                .param("user", withingsUserId)
                .query((row, number) -> new Account(row.getString(1), row.getString(2),
                        AccountStatus.valueOf(row.getString(3)), Scope.parse(row.getString(4))))
                .optional();
    }

    /** Those of these Withings users who are linked, whatever their consent's state. */
    public Set<String> linkedAmong(Collection<String> withingsUserIds) {
        if (withingsUserIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("select withings_user_id from withings_account"
                        + " where withings_user_id in (:users)").param("users", withingsUserIds)
                .query(String.class).list());
    }

    /** Every Withings user ever linked, whatever their consent's state. */
    public List<String> linkedUsers() {
        return jdbc.sql("select withings_user_id from withings_account order by withings_user_id").query(String.class)
                .list();
    }

    /** The Withings users whose consent holds. */
    public List<String> activeUsers() {
        return jdbc.sql("select withings_user_id from withings_account where status = :active")
                .param("active", AccountStatus.ACTIVE.name()).query(String.class).list();
    }

    /** A round over every consented user: one user's failure is logged and left to the next round. */
    public void eachActiveUser(String what, Consumer<String> work) {
        for (String user : activeUsers()) {
            try {
                work.accept(user);
            } catch (RuntimeException e) {
                LOG.warn("{} of Withings user {} failed; the next round retries: {}", what, user, e.getMessage());
            }
        }
    }

    /** A linked user as the care team watches them: the consent's state and how their latest sync went. */
    public record Watched(String withingsUserId, String patientReference, AccountStatus status,
                          Optional<Instant> lastSyncedAt, Optional<String> lastSyncProblem) {
    }

    /** One page of the linked users, the most recently linked first. */
    public List<Watched> watched(int offset, int limit) {
        return jdbc.sql("""
                        select withings_user_id, patient_reference, status, last_synced_at, last_sync_problem
                        from withings_account order by created_at desc, withings_user_id
                        limit :limit offset :offset""")
                .param("limit", limit).param("offset", offset)
                .query((row, number) -> new Watched(row.getString(1), row.getString(2),
                        AccountStatus.valueOf(row.getString(3)),
                        Optional.ofNullable(row.getTimestamp(4)).map(Timestamp::toInstant),
                        Optional.ofNullable(row.getString(5))))
                .list();
    }

    /** How many users' consent holds: the users Withings counts against the plan. */
    public long activeCount() {
        return jdbc.sql("select count(*) from withings_account where status = :active")
                .param("active", AccountStatus.ACTIVE.name()).query(Long.class).single();
    }

    /**
     * Locks the gate every new active user passes until the caller's transaction ends, on every instance: counting the
     * active users, then linking one, is one step that no other consent interleaves with.
     */
    public void lockActiveUserGate() {
        jdbc.sql("select id from active_user_gate where id = 1 for update").query(Integer.class).single();
    }

    /** How many users are linked, whatever their consent's state. */
    public long count() {
        return jdbc.sql("select count(*) from withings_account").query(Long.class).single();
    }

    /** Users whose latest sync succeeded after {@code since}. */
    public long syncedAfter(Instant since) {
        return jdbc.sql("select count(*) from withings_account where last_synced_at > :since")
                .param("since", Timestamp.from(since)).query(Long.class).single();
    }

    /** How a sync ended: a success records its time and clears the problem; a failure records what stopped it. */
    public void recordSync(String withingsUserId, Instant at, Optional<String> problem) {
        if (problem.isEmpty()) {
            jdbc.sql("update withings_account set last_synced_at = :at, last_sync_problem = null"
                    + " where withings_user_id = :user").param("at", Timestamp.from(at)).param("user", withingsUserId)
                    .update();
        } else {
            String text = problem.get();
            jdbc.sql("update withings_account set last_sync_problem = :problem where withings_user_id = :user")
                    .param("problem", text.length() > 512 ? text.substring(0, 512) : text)
                    .param("user", withingsUserId).update();
        }
    }

    public void setStatus(String withingsUserId, AccountStatus status, Instant now) {
        jdbc.sql("update withings_account set status = :status, updated_at = :now where withings_user_id = :user")
                .param("status", status.name()).param("now", Timestamp.from(now)).param("user", withingsUserId).update();
    }
}
