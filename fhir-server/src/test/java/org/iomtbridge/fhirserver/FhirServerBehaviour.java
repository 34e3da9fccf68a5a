package org.iomtbridge.fhirserver;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.gclient.ReferenceClientParam;
import ca.uhn.fhir.rest.gclient.TokenClientParam;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the bridge and the demo rely on, over HTTP with HAPI's generic client; run against H2 and PostgreSQL by the
 * subclasses.
 */
abstract class FhirServerBehaviour {

    static final String LOINC = "http://loinc.org";
    static final String IDS = "https://iomt-bridge.org/fhir/sid/withings-measurement";

    abstract RunningFhirServer server();

    @Test
    void aTransactionOfPutsSentTwiceLeavesOneVersionOfEachUnchangedResource() {
        IGenericClient fhir = server().client();
        Bundle transaction = transaction(patient("tx1"), weight("tx1-w1", "tx1", "2023-09-02T12:39:11+02:00", "118.003"),
                weight("tx1-w2", "tx1", "2023-09-03T07:10:00+02:00", "117.5"));

        fhir.transaction().withBundle(transaction).execute();
        Bundle again = fhir.transaction().withBundle(transaction).execute();

        assertThat(again.getEntry()).extracting(entry -> entry.getResponse().getEtag()).containsOnly("1");
        Observation stored = fhir.read().resource(Observation.class).withId("tx1-w1").execute();
        assertThat(stored.getMeta().getVersionId()).isEqualTo("1");
        Bundle history = fhir.history().onInstance("Observation/tx1-w1").returnBundle(Bundle.class).execute();
        assertThat(history.getEntry()).hasSize(1);

        Bundle changed = transaction(weight("tx1-w1", "tx1", "2023-09-02T12:39:11+02:00", "118.2"));
        fhir.transaction().withBundle(changed).execute();
        assertThat(fhir.read().resource(Observation.class).withId("tx1-w1").execute().getMeta().getVersionId())
                .as("a changed resource gets a new version").isEqualTo("2");
    }

    @Test
    void searchesByPatientCodeDateRangeAndIdentifierReturnWhatWasWritten() {
        IGenericClient fhir = server().client();
        fhir.transaction().withBundle(transaction(patient("s1"), patient("s2"),
                weight("s1-w1", "s1", "2023-01-10T08:00:00+01:00", "80.1"),
                weight("s1-w2", "s1", "2023-02-10T08:00:00+01:00", "79.4"),
                weight("s2-w1", "s2", "2023-01-15T08:00:00+01:00", "65.0"))).execute();

        assertThat(ids(fhir.search().forResource(Observation.class)
                .where(new ReferenceClientParam("subject").hasId("Patient/s1"))
                .returnBundle(Bundle.class).execute())).containsExactlyInAnyOrder("s1-w1", "s1-w2");
        assertThat(ids(fhir.search().forResource(Observation.class)
                .where(new ReferenceClientParam("subject").hasId("Patient/s1"))
                .and(Observation.CODE.exactly().systemAndCode(LOINC, "29463-7"))
                .and(Observation.DATE.afterOrEquals().day("2023-02-01"))
                .and(Observation.DATE.before().day("2023-03-01"))
                .returnBundle(Bundle.class).execute())).containsExactly("s1-w2");
        assertThat(ids(fhir.search().forResource(Observation.class)
                .where(new TokenClientParam("identifier").exactly().systemAndCode(IDS, "withings/s2/grp/s2-w1/1"))
                .returnBundle(Bundle.class).execute())).containsExactly("s2-w1");
    }

    @Test
    void aTokenSearchWithTheBarUnencodedAsCurlSendsItFindsTheResource() throws Exception {
        put(server().client(), patient("bar"));
        put(server().client(), weight("bar-w1", "bar", "2023-04-01T08:00:00Z", "72.0"));

        RawHttp.Answer answer = RawHttp.get(server().port(),
                "/fhir/Observation?identifier=" + IDS + "|withings/bar/grp/bar-w1/1", "Accept: application/fhir+json\r\n");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("\"total\":1", "\"id\":\"bar-w1\"");
    }

    @Test
    void theSameSearchRightAfterAWriteSeesTheNewResource() {
        IGenericClient fhir = server().client();
        put(fhir, patient("fresh"));
        put(fhir, weight("fresh-w1", "fresh", "2023-03-01T08:00:00Z", "71.0"));
        var search = fhir.search().forResource(Observation.class)
                .where(new ReferenceClientParam("subject").hasId("Patient/fresh"));
        assertThat(ids(search.returnBundle(Bundle.class).execute())).containsExactly("fresh-w1");

        put(fhir, weight("fresh-w2", "fresh", "2023-03-02T08:00:00Z", "70.8"));

        assertThat(ids(search.returnBundle(Bundle.class).execute())).as("no search is answered from a cached result")
                .containsExactlyInAnyOrder("fresh-w1", "fresh-w2");
    }

    @Test
    void theCapabilityStatementDescribesAnR4ServerWithObservationSearch() {
        CapabilityStatement capabilities = server().client().capabilities().ofType(CapabilityStatement.class).execute();

        assertThat(capabilities.getFhirVersion().toCode()).isEqualTo("4.0.1");
        assertThat(capabilities.getRestFirstRep().getResource()).anySatisfy(resource -> {
            assertThat(resource.getType()).isEqualTo("Observation");
            assertThat(resource.getSearchParam()).extracting(param -> param.getName())
                    .contains("patient", "code", "date", "identifier");
        });
        assertThat(capabilities.getRestFirstRep().getInteraction()).extracting(interaction -> interaction.getCode())
                .as("the bundles it takes, for clients that read before writing")
                .contains(CapabilityStatement.SystemRestfulInteraction.TRANSACTION,
                        CapabilityStatement.SystemRestfulInteraction.BATCH);
    }

    @Test
    void bulkExportIsKickedOffAsynchronously() throws Exception {
        HttpResponse<String> kickOff = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server().baseUrl() + "/$export?_type=Observation"))
                .header("Accept", "application/fhir+json").header("Prefer", "respond-async").GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(kickOff.statusCode()).as(kickOff.body()).isEqualTo(202);
        assertThat(kickOff.headers().firstValue("Content-Location")).hasValueSatisfying(location ->
                assertThat(location).contains("$export-poll-status"));
    }

    static Bundle transaction(Resource... resources) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (Resource resource : resources) {
            bundle.addEntry().setResource(resource).getRequest().setMethod(Bundle.HTTPVerb.PUT)
                    .setUrl(resource.fhirType() + "/" + resource.getIdElement().getIdPart());
        }
        return bundle;
    }

    static Patient patient(String id) {
        Patient patient = new Patient();
        patient.setId(id);
        patient.addName().setFamily("Patient " + id);
        return patient;
    }

    static Observation weight(String id, String patient, String when, String kg) {
        Observation observation = new Observation();
        observation.setId(id);
        observation.addIdentifier().setSystem(IDS).setValue("withings/" + patient + "/grp/" + id + "/1");
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.setCode(new CodeableConcept().addCoding(new Coding(LOINC, "29463-7", "Body weight")));
        observation.setSubject(new Reference("Patient/" + patient));
        observation.setEffective(new DateTimeType(when));
        observation.setValue(new Quantity().setValue(new BigDecimal(kg)).setSystem("http://unitsofmeasure.org")
                .setCode("kg").setUnit("kg"));
        return observation;
    }

    static List<String> ids(Bundle bundle) {
        return bundle.getEntry().stream().map(entry -> entry.getResource().getIdElement().getIdPart()).toList();
    }

    static MethodOutcome put(IGenericClient fhir, Resource resource) {
        return fhir.update().resource(resource).execute();
    }
}
