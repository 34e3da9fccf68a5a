package org.iomtbridge.mapping.normalized;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a measurement was made from, precisely enough to find it again in the source and to give it the same FHIR id
 * every time.
 *
 * @param vendor   the source system, {@code withings}
 * @param userId   the source's user id
 * @param record   the kind of source record
 * @param recordId its id: a group id, a summary or workout id, a local date, a signal id, an epoch second
 * @param item     the value inside the record: a measure type or a data field name
 * @param position the body position of a segmental measure
 */
public record SourceKey(String vendor, String userId, RecordType record, String recordId, Optional<String> item,
                        OptionalInt position) {

    public enum RecordType {
        MEASURE_GROUP("grp"), ECG("ecg"), SLEEP_SUMMARY("sleep"), SLEEP_SEGMENT("sleepseg"), ACTIVITY_DAY("day"),
        INTRADAY("intraday"), WORKOUT("workout");

        private final String shortName;

        RecordType(String shortName) {
            this.shortName = shortName;
        }

        public String shortName() {
            return shortName;
        }
    }

    /** The key as one text, for example {@code withings/12345678/grp/4815757309/1}. */
    public String asText() {
        StringBuilder text = new StringBuilder(vendor).append('/').append(userId).append('/')
                .append(record.shortName()).append('/').append(recordId);
        item.ifPresent(value -> text.append('/').append(value));
        position.ifPresent(value -> text.append("/p").append(value));
        return text.toString();
    }
}
