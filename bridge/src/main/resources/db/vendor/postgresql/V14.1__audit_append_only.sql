-- The audit trail is append-only: not even the bridge's own database user may change or remove a record.
create function audit_event_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'the audit trail is append-only: % of audit_event refused', tg_op;
end;
$$;
create trigger audit_event_append_only before update or delete on audit_event
    for each row execute function audit_event_append_only();
create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function audit_event_append_only();
