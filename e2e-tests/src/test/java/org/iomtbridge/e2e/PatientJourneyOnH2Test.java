package org.iomtbridge.e2e;

/**
 * The journey with the FHIR server and the bridge on their embedded H2 files, as {@code ./iomt-bridge demo} runs; on
 * the H2 stack it shares with the browser tests.
 */
class PatientJourneyOnH2Test extends PatientJourneyBehaviour {

    @Override
    Stack stack() {
        return Stack.sharedOnH2(JOURNEY_RATE_LIMIT, JOURNEY_SETTINGS);
    }
}
