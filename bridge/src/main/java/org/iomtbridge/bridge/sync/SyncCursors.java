package org.iomtbridge.bridge.sync;

import org.iomtbridge.bridge.withings.DataKind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** Per user and kind of data, Withings' {@code updatetime} of the last answer fully written to FHIR. */
@Repository
class SyncCursors {

    private final JdbcClient jdbc;

    public SyncCursors(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Instant> find(String withingsUserId, DataKind kind) {
        return jdbc.sql("select last_update from sync_cursor where withings_user_id = :user and data_kind = :kind")
                .param("user", withingsUserId).param("kind", kind.name())
                .query(Long.class).optional().map(Instant::ofEpochSecond);
    }

    public void advance(String withingsUserId, DataKind kind, Instant lastUpdate, Instant now) {
        int updated = jdbc.sql("""
                        update sync_cursor set last_update = :last, updated_at = :now
                        where withings_user_id = :user and data_kind = :kind""")
                .param("last", lastUpdate.getEpochSecond()).param("now", Timestamp.from(now))
                .param("user", withingsUserId).param("kind", kind.name()).update();
        if (updated == 0) {
            jdbc.sql("""
                            insert into sync_cursor (withings_user_id, data_kind, last_update, updated_at)
                            values (:user, :kind, :last, :now)""")
                    .param("user", withingsUserId).param("kind", kind.name())
                    .param("last", lastUpdate.getEpochSecond()).param("now", Timestamp.from(now)).update();
        }
    }
}
