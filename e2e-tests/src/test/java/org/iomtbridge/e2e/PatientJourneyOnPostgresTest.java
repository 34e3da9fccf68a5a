package org.iomtbridge.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The journey with the FHIR server and the bridge each on a database of its own on the PostgreSQL server. */
class PatientJourneyOnPostgresTest extends PatientJourneyBehaviour {

    private static Stack stack;

    @BeforeAll
    static void start() {
        stack = Stack.start(Stack.Database.POSTGRES, JOURNEY_RATE_LIMIT, JOURNEY_SETTINGS);
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
