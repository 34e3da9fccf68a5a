package org.iomtbridge.bridge.fhirwrite;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

import java.util.function.Consumer;

/** Every resource of a search, page after page, as the server links them. */
public final class FhirPages {

    private FhirPages() {
    }

    public static void forEach(IGenericClient fhir, Bundle firstPage, Consumer<Resource> action) {
        Bundle page = firstPage;
        while (true) {
            page.getEntry().forEach(entry -> action.accept(entry.getResource()));
            if (page.getLink(Bundle.LINK_NEXT) == null) {
                return;
            }
            page = fhir.loadPage().next(page).execute();
        }
    }
}
