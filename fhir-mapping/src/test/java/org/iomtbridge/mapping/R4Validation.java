package org.iomtbridge.mapping;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

import java.util.List;

/** HAPI's instance validator against FHIR R4 core (vital-signs profiles included), offline. */
public final class R4Validation {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final FhirValidator VALIDATOR = create();

    private R4Validation() {
    }

    private static FhirValidator create() {
        ValidationSupportChain support = new ValidationSupportChain(
                new DefaultProfileValidationSupport(FHIR),
                new CommonCodeSystemsTerminologyService(FHIR),
                new InMemoryTerminologyServerValidationSupport(FHIR),
                new SnapshotGeneratingValidationSupport(FHIR));
        FhirInstanceValidator instanceValidator = new FhirInstanceValidator(support);
        FhirValidator validator = FHIR.newValidator();
        validator.registerValidatorModule(instanceValidator);
        return validator;
    }

    /** Errors and fatal messages, each with its location; empty when the resource is valid. */
    public static List<String> errors(IBaseResource resource) {
        return VALIDATOR.validateWithResult(resource).getMessages().stream()
                .filter(message -> message.getSeverity() == ResultSeverityEnum.ERROR
                        || message.getSeverity() == ResultSeverityEnum.FATAL)
                .map(R4Validation::describe)
                .toList();
    }

    private static String describe(SingleValidationMessage message) {
        return message.getSeverity().name() + " " + message.getLocationString() + ": " + message.getMessage();
    }
}
