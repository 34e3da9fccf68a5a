-- The one row a consent that would add an active Withings user locks before counting them, on every instance: two
-- consents cannot both pass the Withings plan's active-user cap (iomt.withings.active-user-cap).
create table active_user_gate (
    id integer primary key
);
insert into active_user_gate (id) values (1);
