package dev.relationshipledger.command.idempotency;

/** An Idempotency-Key came back with a different request than the one it was first used for (422). */
public class KeyReusedForAnotherRequest extends RuntimeException {

    public KeyReusedForAnotherRequest(String key) {
        super("Idempotency-Key '" + key + "' was already used for a different request; use a new key for a new request");
    }
}
