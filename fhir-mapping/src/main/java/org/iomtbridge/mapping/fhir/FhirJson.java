package org.iomtbridge.mapping.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;

/**
 * The FHIR R4 context and JSON parser the project writes with. Automatic containment is off: every reference the
 * mapping makes points at a resource with its own id, and the scan for contained targets costs about a quarter of the
 * serialization time (BENCHMARKS.md).
 */
public final class FhirJson {

    private static final FhirContext CONTEXT = create();

    private FhirJson() {
    }

    public static FhirContext context() {
        return CONTEXT;
    }

    /** A new JSON parser; parsers are cheap and not thread-safe, contexts are expensive and shared. */
    public static IParser parser() {
        return CONTEXT.newJsonParser();
    }

    private static FhirContext create() {
        FhirContext context = FhirContext.forR4();
        context.getParserOptions().setAutoContainReferenceTargetsWithNoId(false);
        return context;
    }
}
