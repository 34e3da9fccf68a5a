-- The OAuth state is bound to the browser that started the trip: the SHA-256 of the value of a short-lived cookie set
-- on that browser. A callback without the cookie is refused. States made before this column existed have none and are
-- refused too; they expire within minutes anyway.
alter table oauth_state add column browser_hash varchar(64);

-- A patient's consent link can be replaced by the care team; the replaced link stops working.
alter table consent_link add column replaced_at timestamp with time zone;
create index consent_link_by_user on consent_link (withings_user_id);
