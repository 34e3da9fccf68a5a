-- One row per spot reading the bridge wrote to FHIR, of the kinds adherence counts (adherence-kinds.tsv): its kind,
-- the day it was taken on in the patient's own time zone (the reading's offset), and the device. No value is kept.
-- A reading deleted in Withings loses its row.
create table reading_day (
    observation_id    varchar(64)  primary key,
    withings_user_id  varchar(32)  not null,
    patient_reference varchar(128) not null,
    kind              varchar(32)  not null,
    local_day         date         not null,
    utc_offset_seconds integer     not null,
    measured_at       timestamp with time zone not null,
    device            varchar(128)
);
create index reading_day_by_user on reading_day (withings_user_id, local_day);
