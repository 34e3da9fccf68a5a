package org.iomtbridge.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The journey with the FHIR server and the bridge on their embedded H2 files, as {@code ./iomt-bridge demo} runs. */
class PatientJourneyOnH2Test extends PatientJourneyBehaviour {

    private static Stack stack;

    @BeforeAll
    static void start() {
        stack = Stack.start(Stack.Database.H2, JOURNEY_RATE_LIMIT, JOURNEY_SETTINGS);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Override
    Stack stack() {
        return stack;
    }
}
