package dev.relationshipledger.query.fold;

import dev.relationshipledger.kernel.message.LedgerEvent;
import dev.relationshipledger.kernel.relationship.ContactLogged;
import dev.relationshipledger.kernel.relationship.RelationshipClosed;
import dev.relationshipledger.kernel.relationship.RelationshipReopened;

import java.time.Duration;
import java.util.Optional;

/**
 * Version 1 of the reputation model (docs/reputation-model.md). Contacts move the score by their sentiment;
 * complaints cost by severity and earn part of it back when resolved; agreements and contracts build it;
 * terminations and lost negotiations cost it. Half-life 180 days.
 */
public final class ReputationModelV1 implements ReputationModel {

    public static final String VERSION = "v1";

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public Duration halfLife() {
        return Duration.ofDays(180);
    }

    @Override
    public Optional<Effect> effectOf(LedgerEvent event, RelationshipState before) {
        if (event instanceof ContactLogged contact) {
            return switch (contact.sentiment()) {
                case VERY_POSITIVE -> effect(4, "contact-very-positive");
                case POSITIVE -> effect(2, "contact-positive");
                case NEUTRAL -> Optional.empty();
                case NEGATIVE -> effect(-3, "contact-negative");
                case VERY_NEGATIVE -> effect(-6, "contact-very-negative");
            };
        }
        if (event instanceof RelationshipClosed) {
            return effect(-5, "relationship-closed");
        }
        if (event instanceof RelationshipReopened) {
            return effect(3, "relationship-reopened");
        }
        return Optional.empty();
    }

    private static Optional<Effect> effect(double points, String rule) {
        return Optional.of(new Effect(points, rule));
    }
}
