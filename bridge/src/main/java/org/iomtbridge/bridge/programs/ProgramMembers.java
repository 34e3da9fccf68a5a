package org.iomtbridge.bridge.programs;

import org.iomtbridge.withings.model.LinkedDevice;
import org.iomtbridge.withings.model.MacAddress;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The program's members and which of its devices each holds (tables program_member, program_device). */
@Repository
class ProgramMembers {

    enum Status { ACTIVATING, ACTIVE, ENDED }

    /** How a member's devices left them when their program ended. */
    enum Handover {
        /** Given back to the provider (user v2 unlink): the device can be assigned to another patient. */
        RETURNED,
        /** Kept by the patient (device v2 endpartnerprogram): the SIM ends and the device leaves the program. */
        KEPT
    }

    record Member(String externalId, String patientReference, String email, Optional<String> withingsUserId,
                  Status status) {
    }

    /** A device as the inventory shows it: with whom it is now, if anyone, and since when. */
    record Assignment(MacAddress macAddress, Optional<String> deviceId, Optional<String> model, Optional<String> type,
                      String externalId, String patientReference, Optional<String> withingsUserId, Instant since,
                      Optional<Instant> releasedAt, Optional<Handover> released) {

        boolean current() {
            return releasedAt.isEmpty();
        }
    }

    private static final String ASSIGNMENT = """
            select d.mac_address, d.device_id, d.model, d.device_type, d.external_id, m.patient_reference,
            m.withings_user_id, d.assigned_at, d.released_at, d.released_how
            from program_device d join program_member m on m.external_id = d.external_id""";

    private final JdbcClient jdbc;

    ProgramMembers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void activating(String externalId, String patientReference, String email, String createdBy, Instant at) {
        jdbc.sql("""
                        insert into program_member (external_id, patient_reference, email, status, created_by, created_at)
                        values (:id, :patient, :email, :status, :by, :at)""")
                .param("id", externalId).param("patient", patientReference).param("email", email)
                .param("status", Status.ACTIVATING.name()).param("by", clip(createdBy)).param("at", Timestamp.from(at))
                .update();
    }

    /** Withings refused the member: nothing of them is kept. */
    void forget(String externalId) {
        jdbc.sql("delete from program_device where external_id = :id").param("id", externalId).update();
        jdbc.sql("delete from program_member where external_id = :id").param("id", externalId).update();
    }

    /** Withings holds the member and their devices; the bridge has their tokens once {@link #active} says so. */
    void assigned(String externalId, List<LinkedDevice> devices, Instant at) {
        for (LinkedDevice device : devices) {
            jdbc.sql("""
                            insert into program_device (mac_address, external_id, device_id, model, device_type, assigned_at)
                            values (:mac, :id, :deviceId, :model, :type, :at)""")
                    .param("mac", device.macAddress().value()).param("id", externalId)
                    .param("deviceId", device.deviceId().orElse(null)).param("model", device.model().orElse(null))
                    .param("type", device.type()).param("at", Timestamp.from(at)).update();
        }
    }

    void active(String externalId, String withingsUserId) {
        jdbc.sql("update program_member set status = :status, withings_user_id = :user where external_id = :id")
                .param("status", Status.ACTIVE.name()).param("user", withingsUserId).param("id", externalId).update();
    }

    void ended(String externalId, Handover handover, String endedBy, Instant at) {
        jdbc.sql("update program_member set status = :status, ended_by = :by, ended_at = :at where external_id = :id")
                .param("status", Status.ENDED.name()).param("by", clip(endedBy)).param("at", Timestamp.from(at))
                .param("id", externalId).update();
        jdbc.sql("""
                        update program_device set released_at = :at, released_how = :how
                        where external_id = :id and released_at is null""")
                .param("at", Timestamp.from(at)).param("how", handover.name()).param("id", externalId).update();
    }

    Optional<Member> member(String externalId) {
        return jdbc.sql("select * from program_member where external_id = :id").param("id", externalId)
                .query(ProgramMembers::member).optional();
    }

    /** The member whose Withings account this is, while their program runs. */
    Optional<Member> activeMember(String withingsUserId) {
        return jdbc.sql("select * from program_member where withings_user_id = :user and status = :status")
                .param("user", withingsUserId).param("status", Status.ACTIVE.name())
                .query(ProgramMembers::member).optional();
    }

    /** Whether this Withings account's program ended here. */
    boolean ended(String withingsUserId) {
        return jdbc.sql("select count(*) from program_member where withings_user_id = :user and status = :status")
                .param("user", withingsUserId).param("status", Status.ENDED.name()).query(Long.class).single() > 0;
    }

    /** A member Withings may hold without the bridge having their tokens, for this patient and these devices. */
    Optional<Member> unfinished(String patientReference, Collection<MacAddress> devices) {
        return jdbc.sql("select * from program_member where patient_reference = :patient and status = :status")
                .param("patient", patientReference).param("status", Status.ACTIVATING.name())
                .query(ProgramMembers::member).list().stream()
                .filter(member -> devicesOf(member.externalId()).stream().map(Assignment::macAddress).toList()
                        .containsAll(devices))
                .findFirst();
    }

    /** The device's current assignment, if it is with someone. */
    Optional<Assignment> holderOf(MacAddress device) {
        return jdbc.sql(ASSIGNMENT + " where d.mac_address = :mac and d.released_at is null")
                .param("mac", device.value()).query(ProgramMembers::assignment).optional();
    }

    /** The device Withings names by this id, while the program assigns it. */
    Optional<Assignment> assignedByDeviceId(String deviceId) {
        return jdbc.sql(ASSIGNMENT + " where d.device_id = :deviceId and d.released_at is null")
                .param("deviceId", deviceId).query(ProgramMembers::assignment).list().stream().findFirst();
    }

    List<Assignment> devicesOf(String externalId) {
        return jdbc.sql(ASSIGNMENT + " where d.external_id = :id order by d.id").param("id", externalId)
                .query(ProgramMembers::assignment).list();
    }

    /** Every assignment, current ones first, then newest first: the inventory and its history. */
    List<Assignment> inventory(int offset, int limit) {
        return jdbc.sql(ASSIGNMENT + " order by case when d.released_at is null then 0 else 1 end,"
                        + " d.assigned_at desc, d.id desc limit :limit offset :offset")
                .param("limit", limit).param("offset", offset).query(ProgramMembers::assignment).list();
    }

    private static Member member(java.sql.ResultSet row, int number) throws java.sql.SQLException {
        return new Member(row.getString("external_id"), row.getString("patient_reference"), row.getString("email"),
                Optional.ofNullable(row.getString("withings_user_id")), Status.valueOf(row.getString("status")));
    }

    private static Assignment assignment(java.sql.ResultSet row, int number) throws java.sql.SQLException {
        Timestamp released = row.getTimestamp(9);
        return new Assignment(new MacAddress(row.getString(1)), Optional.ofNullable(row.getString(2)),
                Optional.ofNullable(row.getString(3)), Optional.ofNullable(row.getString(4)), row.getString(5),
                row.getString(6), Optional.ofNullable(row.getString(7)), row.getTimestamp(8).toInstant(),
                Optional.ofNullable(released).map(Timestamp::toInstant),
                Optional.ofNullable(row.getString(10)).map(Handover::valueOf));
    }

    private static String clip(String text) {
        return text.length() <= 128 ? text : text.substring(0, 128);
    }
}
