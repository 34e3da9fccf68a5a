-- Self-enrollment: the FHIR Patient to create once the patient has consented (FHIR JSON), none otherwise.
alter table enrollment add column new_patient varchar(4000);
