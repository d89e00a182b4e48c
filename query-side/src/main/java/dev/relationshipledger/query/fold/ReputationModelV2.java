package dev.relationshipledger.query.fold;

import dev.relationshipledger.kernel.complaint.ComplaintFiled;
import dev.relationshipledger.kernel.message.LedgerEvent;
import dev.relationshipledger.kernel.relationship.ContactLogged;

import java.time.Duration;
import java.util.Optional;

/**
 * Version 2 of the reputation model (docs/reputation-model.md), run side by side with v1 to re-score histories
 * before it is adopted: memory is shorter (half-life 90 days), how contacts went weighs more, and complaints cost
 * more for their category's severity; everything else as v1.
 */
public final class ReputationModelV2 implements ReputationModel {

    public static final String VERSION = "v2";
    private final ReputationModelV1 v1 = new ReputationModelV1();

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public Duration halfLife() {
        return Duration.ofDays(90);
    }

    @Override
    public Optional<Effect> effectOf(LedgerEvent event, RelationshipState before) {
        Optional<Effect> base = v1.effectOf(event, before);
        if (event instanceof ContactLogged || event instanceof ComplaintFiled) {
            return base.map(effect -> new Effect(effect.points() * 1.5, effect.rule()));
        }
        return base;
    }
}
