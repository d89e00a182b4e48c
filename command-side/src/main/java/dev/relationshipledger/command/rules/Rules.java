package dev.relationshipledger.command.rules;

/** Small helpers that keep the aggregates' rule checks one line each. */
public final class Rules {

    private Rules() {
    }

    /** Refuses the command with the named rule unless the condition holds. */
    public static void require(boolean condition, String rule, String message) {
        if (!condition) {
            throw new RuleViolated(rule, message);
        }
    }

    public static void permit(boolean condition, String rule, String message) {
        if (!condition) {
            throw new NotPermitted(rule, message);
        }
    }
}
