-- How far the audit trail has been written to the FHIR server as AuditEvents (iomt.audit.fhir-export): the records
-- themselves stay as they were written.
create table audit_export (
    id                integer primary key,
    last_exported_id  bigint not null
);
insert into audit_export (id, last_exported_id) values (1, 0);
