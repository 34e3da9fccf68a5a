package org.iomtbridge.bridge.programs;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Patient;
import org.iomtbridge.bridge.audit.AuditEntry;
import org.iomtbridge.bridge.audit.AuditTrail;
import org.iomtbridge.bridge.consent.Onboarding;
import org.iomtbridge.bridge.consent.Revocation;
import org.iomtbridge.bridge.fhirwrite.FhirWriteException;
import org.iomtbridge.bridge.web.FhirIds;
import org.iomtbridge.bridge.withings.AccessTokens;
import org.iomtbridge.bridge.withings.ActiveUserCap;
import org.iomtbridge.withings.NewMember;
import org.iomtbridge.withings.WithingsApiException;
import org.iomtbridge.withings.WithingsException;
import org.iomtbridge.withings.WithingsProgram;
import org.iomtbridge.withings.WithingsTokens;
import org.iomtbridge.withings.model.ActivatedMember;
import org.iomtbridge.withings.model.MacAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The care team's side of a provider-managed device: a patient enrolled with a device in one step (the program creates
 * their Withings account and assigns the device, the bridge exchanges the member's code for tokens and records the
 * consent the care team took in person), and a program ended (the devices given back or kept, at Withings first, then
 * the consent revoked as for any patient). Every outcome, refusals included, is in the audit trail.
 */
@Service
class DeviceEnrollments {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceEnrollments.class);
    private static final Pattern SIGNED_DOCUMENT = Pattern.compile(
            "(DocumentReference|QuestionnaireResponse|Contract|Consent)/" + FhirIds.ID);
    private static final int MAX_DEVICES = 4;

    /**
     * What the care team gives to enroll a patient with devices of the program. The patient's birth date and gender
     * are taken from their FHIR Patient when not given; height and weight, which Withings requires of every account,
     * are the care team's.
     *
     * @param patient            {@code Patient/123} or {@code 123}
     * @param macAddresses       the devices' MAC addresses, as printed on them or read from their code
     * @param consentTextVersion the version of the consent text the patient signed: the current one
     * @param signedDocument     where the signed form is kept, as {@code DocumentReference/88}; optional
     * @param gender             {@code male} or {@code female}, when the Patient's is neither
     * @param shortName          three letters or digits the devices show; {@code PAT} when not given
     * @param email              the member's address for Withings; a random one of iomt.programs.member-email-domain
     *                           when not given
     */
    record Enrollment(String patient, List<String> macAddresses, String consentTextVersion, String signedDocument,
                      BigDecimal heightCm, BigDecimal weightKg, LocalDate birthDate, String gender, String shortName,
                      String email, String timezone) {
    }

    record Enrolled(String withingsUserId, String patient, List<String> devices) {
    }

    record Ended(String withingsUserId, String patient, ProgramMembers.Handover devices, List<String> released) {
    }

    private final ProgramMembers members;
    private final MemberTokens memberTokens;
    private final AccessTokens accessTokens;
    private final ActiveUserCap cap;
    private final Onboarding onboarding;
    private final Revocation revocation;
    private final ProgramDevicesInFhir devicesInFhir;
    private final IGenericClient fhir;
    private final AuditTrail audit;
    private final ProgramProperties properties;
    private final Clock clock;

    DeviceEnrollments(ProgramMembers members, MemberTokens memberTokens, AccessTokens accessTokens, ActiveUserCap cap,
                      Onboarding onboarding, Revocation revocation, ProgramDevicesInFhir devicesInFhir,
                      IGenericClient fhirClient, AuditTrail audit, ProgramProperties properties,
                      Clock clock) {
        this.members = members;
        this.memberTokens = memberTokens;
        this.accessTokens = accessTokens;
        this.cap = cap;
        this.onboarding = onboarding;
        this.revocation = revocation;
        this.devicesInFhir = devicesInFhir;
        this.fhir = fhirClient;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Enrolls the patient with the devices, or says why not; nothing is kept of a refusal. Withings may hold the new
     * member when their code could not be exchanged: the same enrollment again then finishes it.
     *
     * @param careTeamMember who took the patient's consent, the request's principal
     */
    Enrolled enroll(Enrollment request, String careTeamMember, String clientAddress) {
        String patient;
        List<MacAddress> devices;
        try {
            patient = patientReference(request.patient());
            devices = macAddresses(request.macAddresses());
        } catch (IllegalArgumentException invalid) {
            throw refused(Optional.empty(), HttpStatus.BAD_REQUEST, invalid.getMessage());
        }
        String version = request.consentTextVersion();
        onboarding.refusalOfTextVersion(version).ifPresent(refusal -> {
            throw refused(Optional.of(patient), HttpStatus.BAD_REQUEST, refusal);
        });
        Optional<String> signedDocument = Optional.ofNullable(request.signedDocument()).filter(text -> !text.isBlank());
        if (signedDocument.isPresent() && !SIGNED_DOCUMENT.matcher(signedDocument.get()).matches()) {
            throw refused(Optional.of(patient), HttpStatus.BAD_REQUEST, "signedDocument must be a FHIR reference"
                    + " such as DocumentReference/88 (or QuestionnaireResponse, Contract, Consent)");
        }
        for (MacAddress device : devices) {
            members.holderOf(device).filter(held -> held.withingsUserId().isPresent()).ifPresent(held -> {
                throw refused(Optional.of(patient), HttpStatus.CONFLICT, "device " + device.value() + " is with "
                        + held.patientReference() + " since " + held.since() + ": end their program first (POST"
                        + " /api/v1/programs/members/" + held.withingsUserId().get() + "/end)");
            });
        }
        Optional<ProgramMembers.Member> unfinished = members.unfinished(patient, devices);
        if (unfinished.isPresent()) {
            WithingsTokens tokens = recoveredTokens(unfinished.get());
            return completed(unfinished.get(), tokens, version, careTeamMember, signedDocument, clientAddress, devices);
        }
        ActiveUserCap.Usage usage = cap.usage();
        if (usage.full()) {
            throw refused(Optional.of(patient), HttpStatus.CONFLICT, usage.refusal());
        }
        String externalId = UUID.randomUUID().toString();
        String email = Optional.ofNullable(request.email()).filter(text -> !text.isBlank())
                .orElse("member-" + externalId.substring(0, 13) + "@" + properties.memberEmailDomain());
        NewMember member = newMember(request, readPatient(patient), externalId, email);
        signedDocument.ifPresent(document -> mustExist(patient, document));
        members.activating(externalId, patient, email, careTeamMember, clock.instant());
        ActivatedMember activated;
        try {
            activated = program().activate(member, devices);
        } catch (WithingsException refusal) {
            members.forget(externalId);
            throw refused(Optional.of(patient), statusOf(refusal), "Withings did not create the member's account"
                    + " nor assign " + macs(devices) + ": " + explained(refusal));
        }
        members.assigned(externalId, activated.devices(), clock.instant());
        ProgramMembers.Member created = members.member(externalId).orElseThrow();
        WithingsTokens tokens;
        try {
            tokens = memberTokens.exchange(activated.authorizationCode());
        } catch (WithingsApiException expiredOrUsed) {
            LOG.info("The code of new member {} was refused ({}); recovering a new one", externalId,
                    expiredOrUsed.getMessage());
            tokens = recoveredTokens(created);
        }
        return completed(created, tokens, version, careTeamMember, signedDocument, clientAddress, devices);
    }

    /**
     * Ends the program of a member: their devices given back (to be assigned to another patient) or kept, at Withings
     * first; then their consent is revoked and the retention policy applied as for any patient, and the devices'
     * FHIR Devices say so.
     */
    Ended end(String withingsUserId, ProgramMembers.Handover handover, String endedBy) {
        if (!withingsUserId.matches("\\d{1,20}")) {
            throw refused(Optional.empty(), HttpStatus.BAD_REQUEST, "a Withings user id is digits");
        }
        ProgramMembers.Member member = members.activeMember(withingsUserId).orElseThrow(() -> refused(Optional.empty(),
                HttpStatus.NOT_FOUND, "Withings user " + withingsUserId + " is not a member of a program here"));
        List<ProgramMembers.Assignment> held = members.devicesOf(member.externalId()).stream()
                .filter(ProgramMembers.Assignment::current).toList();
        List<String> released = new ArrayList<>();
        try {
            for (ProgramMembers.Assignment device : held) {
                if (handover == ProgramMembers.Handover.RETURNED) {
                    program().unlinkDevice(accessTokens.valid(withingsUserId), device.macAddress());
                } else {
                    program().endProgram(device.macAddress());
                }
                released.add(device.macAddress().value());
            }
        } catch (WithingsException | AccessTokens.ReauthorizationNeeded refusal) {
            throw refused(Optional.of(member.patientReference()), HttpStatus.BAD_GATEWAY, "Withings did not take back"
                    + " every device, so the program goes on (released at Withings: " + released + "): "
                    + refusal.getMessage());
        }
        revocation.revoke(withingsUserId, "the program ended: devices " + handover.name().toLowerCase());
        members.ended(member.externalId(), handover, endedBy, clock.instant());
        try {
            devicesInFhir.released(held, handover);
        } catch (FhirWriteException notNow) {
            LOG.warn("The Devices of Withings user {} could not be marked released in FHIR now: {}", withingsUserId,
                    notNow.getMessage());
        }
        audit.record(AuditEntry.of("program.ended", AuditEntry.Outcome.SUCCESS).withingsUser(withingsUserId)
                .patient(member.patientReference()).detail("devices " + handover.name().toLowerCase() + ": " + released));
        return new Ended(withingsUserId, member.patientReference(), handover, released);
    }

    private Enrolled completed(ProgramMembers.Member member, WithingsTokens tokens, String version,
                               String careTeamMember, Optional<String> signedDocument, String clientAddress,
                               List<MacAddress> devices) {
        try {
            onboarding.completeCaptured(member.patientReference(), tokens, version, careTeamMember, signedDocument,
                    clientAddress);
        } catch (Onboarding.PlanFull full) {
            throw refused(Optional.of(member.patientReference()), HttpStatus.CONFLICT, full.getMessage());
        }
        members.active(member.externalId(), tokens.userId());
        audit.record(AuditEntry.of("program.enrolled", AuditEntry.Outcome.SUCCESS).withingsUser(tokens.userId())
                .patient(member.patientReference()).detail("devices " + macs(devices)));
        return new Enrolled(tokens.userId(), member.patientReference(), devices.stream().map(MacAddress::value).toList());
    }

    /** A new code for a member Withings holds, found by the address their account was created with. */
    private WithingsTokens recoveredTokens(ProgramMembers.Member member) {
        try {
            return memberTokens.recoverByEmail(member.email());
        } catch (WithingsException | IllegalStateException refusal) {
            throw refused(Optional.of(member.patientReference()), HttpStatus.BAD_GATEWAY, "Withings created the"
                    + " member's account and assigned the device, but the member's authorization code could not be"
                    + " exchanged (" + refusal.getMessage() + "): the bridge holds no tokens and recorded no consent"
                    + " for them. Enroll the same patient with the same device again to finish.");
        }
    }

    private WithingsProgram program() {
        return memberTokens.program();
    }

    private NewMember newMember(Enrollment request, Patient patient, String externalId, String email) {
        try {
            LocalDate birthDate = Optional.ofNullable(request.birthDate()).or(() -> Optional.ofNullable(
                            patient.getBirthDate()).map(date -> date.toInstant().atZone(ZoneOffset.UTC).toLocalDate()))
                    .orElseThrow(() -> new IllegalArgumentException("the Patient has no birth date: give birthDate"));
            NewMember.Gender gender = gender(Optional.ofNullable(request.gender()).orElseGet(() ->
                    patient.hasGender() ? patient.getGender().toCode() : ""));
            if (request.heightCm() == null || request.weightKg() == null) {
                throw new IllegalArgumentException("heightCm and weightKg are required: Withings sets up every"
                        + " member's account with them");
            }
            ZoneId timezone = Optional.ofNullable(request.timezone()).filter(text -> !text.isBlank()).map(ZoneId::of)
                    .orElse(properties.timezone());
            return new NewMember(externalId, email, Optional.ofNullable(request.shortName()).orElse("PAT"), birthDate,
                    gender, request.heightCm().divide(BigDecimal.valueOf(100), 3, RoundingMode.HALF_UP),
                    request.weightKg(), timezone, properties.language(), properties.units(), false, Optional.empty());
        } catch (IllegalArgumentException | DateTimeException invalid) {
            throw refused(Optional.of("Patient/" + patient.getIdPart()), HttpStatus.BAD_REQUEST, invalid.getMessage());
        }
    }

    private static NewMember.Gender gender(String code) {
        if (Enumerations.AdministrativeGender.MALE.toCode().equals(code)) {
            return NewMember.Gender.MAN;
        }
        if (Enumerations.AdministrativeGender.FEMALE.toCode().equals(code)) {
            return NewMember.Gender.WOMAN;
        }
        throw new IllegalArgumentException("a Withings account is a man's or a woman's, and the Patient's gender is '"
                + code + "': give gender, male or female");
    }

    private Patient readPatient(String reference) {
        try {
            return fhir.read().resource(Patient.class).withId(reference).execute();
        } catch (ResourceNotFoundException | ResourceGoneException missing) {
            throw refused(Optional.of(reference), HttpStatus.UNPROCESSABLE_ENTITY, "the FHIR server has no "
                    + reference + ": create the Patient first, then enroll them");
        } catch (BaseServerResponseException unreachable) {
            throw refused(Optional.of(reference), HttpStatus.SERVICE_UNAVAILABLE, reference + " could not be read"
                    + " from the FHIR server, so nothing was done; try again");
        }
    }

    /** The FHIR Consent will point at the signed form: the server refuses a reference to nothing. */
    private void mustExist(String patient, String document) {
        try {
            fhir.read().resource(document.substring(0, document.indexOf('/'))).withId(document).execute();
        } catch (ResourceNotFoundException | ResourceGoneException missing) {
            throw refused(Optional.of(patient), HttpStatus.UNPROCESSABLE_ENTITY, "the FHIR server has no " + document
                    + ": store the signed form there first, or enroll without it");
        } catch (BaseServerResponseException unreachable) {
            throw refused(Optional.of(patient), HttpStatus.SERVICE_UNAVAILABLE, document + " could not be read from the"
                    + " FHIR server, so nothing was done; try again");
        }
    }

    private static String patientReference(String patient) {
        return FhirIds.patientReference(patient).orElseThrow(() -> new IllegalArgumentException(
                "patient must be a FHIR reference like Patient/123"));
    }

    private static List<MacAddress> macAddresses(List<String> given) {
        if (given == null || given.isEmpty() || given.size() > MAX_DEVICES) {
            throw new IllegalArgumentException("macAddresses: give 1 to " + MAX_DEVICES + " devices' MAC addresses");
        }
        LinkedHashSet<MacAddress> devices = new LinkedHashSet<>();
        for (String address : given) {
            devices.add(new MacAddress(address == null ? "" : address.trim()));
        }
        return List.copyOf(devices);
    }

    private static HttpStatus statusOf(WithingsException refusal) {
        if (signatureRefused(refusal)) {
            return HttpStatus.BAD_GATEWAY;
        }
        if (refusal instanceof WithingsApiException.BadState) {
            return HttpStatus.CONFLICT;
        }
        if (refusal instanceof WithingsApiException.Unauthorized
                || refusal instanceof WithingsApiException.InvalidParameters) {
            return HttpStatus.UNPROCESSABLE_ENTITY;
        }
        return HttpStatus.BAD_GATEWAY;
    }

    /** A refused signature is the bridge's configuration, not the member's nor the device's. */
    private static String explained(WithingsException refusal) {
        return signatureRefused(refusal)
                ? "Withings did not accept the bridge's signature (" + refusal.getMessage() + "); check that"
                + " iomt.withings.client-id and client-secret are those of the program's application"
                : refusal.getMessage();
    }

    /** Withings answers a wrong signature at the nonce it signs first, or names the signature in its error. */
    private static boolean signatureRefused(WithingsException refusal) {
        return refusal instanceof WithingsApiException api && !(api instanceof WithingsApiException.BadState)
                && (api.call().contains("getnonce") || api.errorText().toLowerCase(Locale.ROOT).contains("signature"));
    }

    private static String macs(List<MacAddress> devices) {
        return String.join(", ", devices.stream().map(MacAddress::value).toList());
    }

    private ProgramRefusal refused(Optional<String> patient, HttpStatus status, String reason) {
        AuditEntry entry = AuditEntry.of("program.refused", AuditEntry.Outcome.REFUSED).detail(reason);
        audit.record(patient.map(entry::patient).orElse(entry));
        return new ProgramRefusal(status, reason);
    }
}
