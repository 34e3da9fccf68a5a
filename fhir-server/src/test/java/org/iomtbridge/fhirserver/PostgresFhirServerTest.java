package org.iomtbridge.fhirserver;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

/** The same behaviour with the PostgreSQL server on 127.0.0.1:5432 as the database, in a database of its own. */
class PostgresFhirServerTest extends FhirServerBehaviour {

    private static final String ADMIN_URL = System.getProperty("iomt.test.postgres.url",
            "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = System.getProperty("iomt.test.postgres.user", "postgres");

    private static String database;
    private static RunningFhirServer server;

    @BeforeAll
    static void start() throws Exception {
        database = "fhir_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("CREATE DATABASE " + database);
        server = RunningFhirServer.start(
                "spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/" + database,
                "spring.datasource.username=" + USER,
                "spring.datasource.password=");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    @Override
    RunningFhirServer server() {
        return server;
    }

    private static void admin(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(ADMIN_URL, USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
