package dev.relationshipledger.testsupport;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The users of ledger-test-users.yml, and their HTTP Basic header. */
public enum TestUsers {
    RITA("rita"), RALF("ralf"), MARIA("maria"), CARL("carl"), BIANCA("bianca"), ADAM("adam");

    /** Spring property that loads these users into an application under test. */
    public static final String CONFIG_IMPORT = "spring.config.import=classpath:ledger-test-users.yml";

    private final String name;

    TestUsers(String name) {
        this.name = name;
    }

    public String userName() {
        return name;
    }

    public String basicAuth() {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + name + "-pw").getBytes(StandardCharsets.UTF_8));
    }

    public HttpRequest.Builder sign(HttpRequest.Builder request) {
        return request.header("Authorization", basicAuth());
    }
}
