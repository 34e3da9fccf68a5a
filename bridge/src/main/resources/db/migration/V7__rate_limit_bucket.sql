-- Bucket4j's shared token buckets (on PostgreSQL): the Withings rate limit of the application, one row for all
-- instances. On H2 the bridge runs alone and keeps its bucket in memory.
create table rate_limit_bucket (
    id    bigint primary key,
    state bytea
);
