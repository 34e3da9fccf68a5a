package org.iomtbridge.mapping;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.iomtbridge.mapping.codes.CodeTable;
import org.iomtbridge.mapping.fhir.FhirSystems;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * HAPI's instance validator against FHIR R4 core, offline, built once per JVM (it takes seconds to load the core
 * definitions). An Observation that carries the vital-signs category or declares a vital-signs profile is also
 * validated against {@code vitalsigns} and the specific profile the code table gives its LOINC code, declared or not.
 * <p>
 * Terminology: UCUM units and FHIR's own code systems are checked ({@link CommonCodeSystemsTerminologyService},
 * {@link InMemoryTerminologyServerValidationSupport}); LOINC and the bridge's own code systems cannot be, as there is no
 * terminology server here, so {@link UnknownCodeSystemWarningValidationSupport} makes an unknown code system a
 * warning, not an error. Fixed codes that profiles require (8867-4 for heart rate, …) are still checked, as patterns.
 */
public final class R4Validation {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final String VITAL_SIGNS = "vital-signs";
    private static final FhirValidator VALIDATOR = create();

    private R4Validation() {
    }

    private static FhirValidator create() {
        UnknownCodeSystemWarningValidationSupport unknownCodeSystems = new UnknownCodeSystemWarningValidationSupport(FHIR);
        unknownCodeSystems.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);
        ValidationSupportChain support = new ValidationSupportChain(
                new DefaultProfileValidationSupport(FHIR),
                new CommonCodeSystemsTerminologyService(FHIR),
                new InMemoryTerminologyServerValidationSupport(FHIR),
                new SnapshotGeneratingValidationSupport(FHIR),
                unknownCodeSystems);
        FhirValidator validator = FHIR.newValidator();
        validator.registerValidatorModule(new FhirInstanceValidator(support));
        return validator;
    }

    /** Errors and fatal messages, each with its location; empty when the resource is valid. */
    public static List<String> errors(IBaseResource resource) {
        return messages(resource).stream()
                .filter(message -> message.getSeverity() == ResultSeverityEnum.ERROR
                        || message.getSeverity() == ResultSeverityEnum.FATAL)
                .map(R4Validation::describe)
                .toList();
    }

    /** Every message, warnings and information included, against core and {@link #profiles(IBaseResource)}. */
    public static List<SingleValidationMessage> messages(IBaseResource resource) {
        ValidationOptions options = new ValidationOptions();
        profiles(resource).forEach(options::addProfile);
        return VALIDATOR.validateWithResult(resource, options).getMessages();
    }

    /**
     * The profiles a resource is held to beyond core: for a vital sign (by category or declared profile), the
     * vital-signs profile, the one of its LOINC code in the code table, and those it declares.
     */
    public static Set<String> profiles(IBaseResource resource) {
        Set<String> profiles = new LinkedHashSet<>();
        if (!(resource instanceof Observation observation)) {
            return profiles;
        }
        observation.getMeta().getProfile().stream().map(CanonicalType::getValue).forEach(profiles::add);
        boolean vitalSign = observation.getCategory().stream().anyMatch(category ->
                category.hasCoding(FhirSystems.OBSERVATION_CATEGORY, VITAL_SIGNS))
                || profiles.stream().anyMatch(profile -> profile.startsWith(FhirSystems.VITAL_SIGNS_PROFILE_BASE));
        if (vitalSign) {
            profiles.add(FhirSystems.VITAL_SIGNS_PROFILE_BASE + "vitalsigns");
            observation.getCode().getCoding().stream().filter(coding -> FhirSystems.LOINC.equals(coding.getSystem()))
                    .map(Coding::getCode)
                    .flatMap(loinc -> CodeTable.standard().entries().stream()
                            .filter(entry -> entry.loinc().stream().anyMatch(code -> code.code().equals(loinc))))
                    .flatMap(entry -> entry.profile().stream())
                    .forEach(profile -> profiles.add(FhirSystems.VITAL_SIGNS_PROFILE_BASE + profile));
        }
        return profiles;
    }

    /**
     * One item of each shape, in their order. A shape is the resource's JSON with every digit made 0: resources that
     * differ only in their digits (values, times, ids of the same kind of measurement) meet the same rules, because the
     * digits come from Java's number and date formatters and never change a length, a code's display or a unit. This
     * keeps validating thousands of resources to seconds.
     *
     * @param resourceOf the resource an item holds (a Bundle entry's, or the item itself)
     */
    public static <T> Collection<T> oneOfEachShape(Collection<T> items, Function<T, ? extends IBaseResource> resourceOf) {
        Map<String, T> shapes = new LinkedHashMap<>();
        for (T item : items) {
            shapes.putIfAbsent(FHIR.newJsonParser().encodeResourceToString(resourceOf.apply(item))
                    .replaceAll("[0-9]", "0"), item);
        }
        return shapes.values();
    }

    private static String describe(SingleValidationMessage message) {
        return message.getSeverity().name() + " " + message.getLocationString() + ": " + message.getMessage();
    }
}
