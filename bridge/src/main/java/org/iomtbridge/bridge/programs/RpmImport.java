package org.iomtbridge.bridge.programs;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.gclient.ICriterion;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.iomtbridge.bridge.accounts.AccountStatus;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.bridge.audit.AuditEntry;
import org.iomtbridge.bridge.audit.AuditTrail;
import org.iomtbridge.bridge.consent.Onboarding;
import org.iomtbridge.mapping.fhir.FhirSystems;
import org.iomtbridge.withings.WithingsException;
import org.iomtbridge.withings.WithingsTokens;
import org.iomtbridge.withings.model.ProgramUser;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A Withings RPM program's existing members brought in: each member the program created is matched to the one FHIR
 * Patient that carries their Withings user id as identifier (system withings-user), or else the address their account
 * has as email, and never by name; a matched member's tokens are recovered and they are linked as a patient enrolled
 * in person. Whoever matches none or several Patients is listed for the care team, and nothing is done for them.
 */
@Service
class RpmImport {

    private static final int MAX_MEMBERS = 5_000;

    record Imported(String withingsUserId, String patient, String matchedBy) {
    }

    record Unmatched(String withingsUserId, String reason) {
    }

    record Result(List<Imported> imported, List<Unmatched> unmatched, int alreadyLinked) {
    }

    private final MemberTokens memberTokens;
    private final AccountStore accounts;
    private final ProgramMembers members;
    private final Onboarding onboarding;
    private final IGenericClient fhir;
    private final AuditTrail audit;
    private final Clock clock;

    RpmImport(MemberTokens memberTokens, AccountStore accounts, ProgramMembers members, Onboarding onboarding,
              IGenericClient fhirClient, AuditTrail audit, Clock clock) {
        this.memberTokens = memberTokens;
        this.accounts = accounts;
        this.members = members;
        this.onboarding = onboarding;
        this.fhir = fhirClient;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * @param consentTextVersion the version of the text the members signed when the program took them in: the current
     * @param importedBy         the care team member who vouches for those consents, the request's principal
     */
    Result importMembers(String consentTextVersion, String importedBy, String clientAddress) {
        onboarding.refusalOfTextVersion(consentTextVersion).ifPresent(refusal -> {
            throw refused(HttpStatus.BAD_REQUEST, refusal);
        });
        List<ProgramUser> users;
        try {
            users = memberTokens.program().allUsers();
        } catch (WithingsException refusal) {
            throw refused(HttpStatus.BAD_GATEWAY, "Withings did not list the program's members: " + refusal.getMessage());
        }
        if (users.size() > MAX_MEMBERS) {
            throw refused(HttpStatus.UNPROCESSABLE_ENTITY, "the program lists " + users.size() + " users, more than the "
                    + MAX_MEMBERS + " one import takes: ask for a larger limit");
        }
        List<Imported> imported = new ArrayList<>();
        List<Unmatched> unmatched = new ArrayList<>();
        int alreadyLinked = 0;
        for (ProgramUser user : users) {
            if (accounts.find(user.userId()).filter(account -> account.status() == AccountStatus.ACTIVE).isPresent()) {
                alreadyLinked++;
                continue;
            }
            if (members.ended(user.userId())) {
                unmatched.add(new Unmatched(user.userId(), "their program ended here: enroll them again with a"
                        + " device to bring them back"));
                continue;
            }
            if (!user.fullyOwned()) {
                unmatched.add(new Unmatched(user.userId(), "not created by the program: the patient connects"
                        + " themselves with an enrollment link"));
                continue;
            }
            List<Patient> byId = patients(Patient.IDENTIFIER.exactly().systemAndCode(FhirSystems.WITHINGS_USER_ID,
                    user.userId()));
            String matchedBy = "identifier " + FhirSystems.WITHINGS_USER_ID + "|" + user.userId();
            List<Patient> matches = byId;
            if (byId.isEmpty() && user.email().isPresent()) {
                matches = patients(Patient.EMAIL.exactly().code(user.email().get()));
                matchedBy = "email";
            }
            if (matches.size() != 1) {
                unmatched.add(new Unmatched(user.userId(), matches.isEmpty()
                        ? "no FHIR Patient has the identifier " + FhirSystems.WITHINGS_USER_ID + "|" + user.userId()
                        + " or the member's email: add the identifier to their Patient, then import again"
                        : matches.size() + " FHIR Patients match the member's " + matchedBy + ": none was linked"));
                continue;
            }
            String patient = "Patient/" + matches.get(0).getIdElement().getIdPart();
            try {
                WithingsTokens tokens = memberTokens.recover(user.userId());
                onboarding.completeCaptured(patient, tokens, consentTextVersion, importedBy, Optional.empty(),
                        clientAddress);
                // Recorded once linked: a member the plan refused leaves no row behind.
                String externalId = UUID.randomUUID().toString();
                members.activating(externalId, patient, user.email().orElse(""), importedBy, clock.instant());
                members.active(externalId, tokens.userId());
                imported.add(new Imported(user.userId(), patient, matchedBy));
                audit.record(AuditEntry.of("program.imported", AuditEntry.Outcome.SUCCESS).withingsUser(user.userId())
                        .patient(patient).detail("matched by " + matchedBy));
            } catch (WithingsException | Onboarding.PlanFull refusal) {
                unmatched.add(new Unmatched(user.userId(), "matched " + patient + " but not linked: "
                        + refusal.getMessage()));
            }
        }
        return new Result(imported, unmatched, alreadyLinked);
    }

    private List<Patient> patients(ICriterion<?> criterion) {
        try {
            Bundle found = fhir.search().forResource(Patient.class).where(criterion).count(3).returnBundle(Bundle.class).execute();
            return found.getEntry().stream().map(entry -> (Patient) entry.getResource()).toList();
        } catch (BaseServerResponseException unreachable) {
            throw refused(HttpStatus.SERVICE_UNAVAILABLE, "the FHIR server did not answer the search for the members'"
                    + " Patients, so nothing more was imported; import again");
        }
    }

    private ProgramRefusal refused(HttpStatus status, String reason) {
        audit.record(AuditEntry.of("program.import.refused", AuditEntry.Outcome.REFUSED).detail(reason));
        return new ProgramRefusal(status, reason);
    }
}
