-- The patient's own link to their consent: to see it, withdraw it, or connect again. Only the SHA-256 of its token
-- is kept.
create table consent_link (
    token_hash       varchar(64) primary key,
    withings_user_id varchar(32) not null,
    created_at       timestamp with time zone not null
);
