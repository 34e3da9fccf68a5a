-- Roles: each dashboard user and each admin API key has a set of them, kept as a comma-separated list. Users and keys
-- that existed before roles keep the full access they had.
alter table dashboard_user add column roles varchar(128);
alter table dashboard_user add column enabled boolean default true not null;
update dashboard_user set roles = 'CARE_TEAM,OPERATOR,ADMINISTRATOR';
alter table dashboard_user alter column roles set not null;

alter table api_key add column roles varchar(128);
update api_key set roles = 'CARE_TEAM,OPERATOR,ADMINISTRATOR';
alter table api_key alter column roles set not null;

-- Failed dashboard sign-ins, per user name (its SHA-256) and per client address: one Bucket4j token bucket each,
-- shared by every instance. A row is useless once its bucket is full again, at expires_at.
create table login_throttle (
    subject    varchar(80)  primary key,
    state      bytea        not null,
    expires_at timestamp with time zone not null
);
create index login_throttle_by_expiry on login_throttle (expires_at);
