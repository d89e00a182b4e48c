package dev.relationshipledger.kernel.relationship;

import dev.relationshipledger.kernel.validation.Check;

/** The other side of a relationship: who they are and which segment the firm files them under. */
public record Counterparty(String name, CounterpartyKind kind, String segment) {

    public Counterparty {
        name = Check.trimmed(name);
        segment = Check.trimmed(segment);
        Check.that()
                .notBlank("name", name, Check.NAME)
                .notNull("kind", kind)
                .maxLength("segment", segment, Check.NAME)
                .done();
    }
}
