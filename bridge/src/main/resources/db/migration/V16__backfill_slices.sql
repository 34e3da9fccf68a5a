-- A user's backfill, run in slices of one Withings call each so that patients take turns and live syncs go first.
-- since_epoch..until_epoch is the history it covers; the live cursors start at until_epoch when it is planned.
create table backfill (
    withings_user_id varchar(32) not null primary key references withings_account (withings_user_id),
    since_epoch      bigint      not null,
    until_epoch      bigint      not null,
    calls_done       int         not null,
    started_at       timestamp with time zone not null,
    finished_at      timestamp with time zone
);

-- Where each paged kind of a backfill stands: the next page's offset, until Withings says there is no more.
create table backfill_kind (
    withings_user_id varchar(32) not null references backfill (withings_user_id) on delete cascade,
    data_kind        varchar(32) not null,
    next_offset      bigint      not null,
    pages_done       int         not null,
    done             boolean     not null,
    constraint backfill_kind_key primary key (withings_user_id, data_kind)
);

-- The ECGs the backfill's heart lists named, each waveform one call, fetched after everything else; the heart list
-- answer that dates the recording is kept with it.
create table backfill_ecg (
    withings_user_id     varchar(32) not null references backfill (withings_user_id) on delete cascade,
    signal_id            bigint      not null,
    heart_list_answer_id bigint      not null,
    fetched              boolean     not null,
    constraint backfill_ecg_key primary key (withings_user_id, signal_id)
);
