-- The care team and operators who sign in to the dashboard; passwords kept only as their bcrypt hash.
create table dashboard_user (
    username      varchar(64)  primary key,
    password_hash varchar(128) not null,
    created_at    timestamp with time zone not null
);

-- How the user's last sync went, for the dashboard: when one last completed, and what stopped the latest, if any.
alter table withings_account add column last_synced_at timestamp with time zone;
alter table withings_account add column last_sync_problem varchar(512);
