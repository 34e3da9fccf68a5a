-- Answers a backfill fetched and has not written to FHIR yet. A slice records its answers here and queues their
-- write as a task of its own, so that one patient's next page is fetched while the last one is written; the backfill
-- finishes once nothing is left to fetch and this holds none of its rows.
create table backfill_write (
    withings_user_id varchar(32)   not null references backfill (withings_user_id) on delete cascade,
    write_id         bigint        not null,
    data_kind        varchar(32)   not null,
    -- The archived answers to write, in the order received (raw_response ids, comma separated).
    answer_ids       varchar(2000) not null,
    constraint backfill_write_key primary key (withings_user_id, write_id)
);
