package dev.relationshipledger.command.chain;

import dev.relationshipledger.command.chain.proof.SigningKey;

import java.util.Optional;

/** The deployment's signing key, when one is configured ({@code ledger.chain.signing-key-file}). */
public record DeploymentKey(SigningKey key) {

    public Optional<SigningKey> optional() {
        return Optional.ofNullable(key);
    }
}
