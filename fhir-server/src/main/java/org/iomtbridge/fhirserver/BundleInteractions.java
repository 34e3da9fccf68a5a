package org.iomtbridge.fhirserver;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.SystemRestfulInteraction;

import java.nio.charset.StandardCharsets;

/**
 * The bundles the server takes, and its capability statement saying so: HAPI serves batch and transaction bundles
 * but lists neither among the statement's {@code rest.interaction}, so clients that read the statement before
 * writing could not tell. With {@code fhir-server.transactions=false} the server behaves as the many servers that take
 * batches but not transactions: a transaction bundle is refused with an OperationOutcome, and only {@code batch} is
 * listed.
 */
@Interceptor
final class BundleInteractions {

    private final boolean transactions;

    BundleInteractions(boolean transactions) {
        this.transactions = transactions;
    }

    /** HAPI serves batches and transactions through one operation: the bundle's type tells them apart. */
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void refuseTransactionsWhenOff(RequestDetails request, RestOperationTypeEnum operation) {
        if (transactions || operation != RestOperationTypeEnum.TRANSACTION) {
            return;
        }
        String body = new String(request.loadRequestContents(), StandardCharsets.UTF_8);
        Bundle bundle;
        try {
            bundle = EncodingEnum.detectEncoding(body).newParser(request.getFhirContext()).parseResource(Bundle.class, body);
        } catch (RuntimeException unreadable) {
            // HAPI's own parsing answers it with its reason.
            return;
        }
        if (bundle.getType() == Bundle.BundleType.TRANSACTION) {
            throw new InvalidRequestException("This server does not accept transaction bundles"
                    + " (fhir-server.transactions=false): send the entries as a batch bundle instead");
        }
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void listBundleInteractions(IBaseConformance statement) {
        for (CapabilityStatement.CapabilityStatementRestComponent rest : ((CapabilityStatement) statement).getRest()) {
            rest.getInteraction().removeIf(interaction -> interaction.getCode() == SystemRestfulInteraction.TRANSACTION
                    || interaction.getCode() == SystemRestfulInteraction.BATCH);
            if (transactions) {
                rest.addInteraction().setCode(SystemRestfulInteraction.TRANSACTION);
            }
            rest.addInteraction().setCode(SystemRestfulInteraction.BATCH);
        }
    }
}
