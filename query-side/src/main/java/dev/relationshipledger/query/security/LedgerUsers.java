package dev.relationshipledger.query.security;

import dev.relationshipledger.kernel.actor.Role;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;
import java.util.Set;

/**
 * The people who may use the ledger, from configuration ({@code ledger.security.users}). Passwords are Spring
 * Security encoded strings: {@code {bcrypt}...} for real deployments; the embedded default's demo users use
 * {@code {noop}} and are documented in the README.
 */
@ConfigurationProperties("ledger.security")
public record LedgerUsers(List<User> users) {

    public LedgerUsers {
        users = users == null ? List.of() : List.copyOf(users);
    }

    public record User(String name, String password, Set<Role> roles) {
    }
}
