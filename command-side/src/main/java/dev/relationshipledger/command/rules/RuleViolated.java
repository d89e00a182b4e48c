package dev.relationshipledger.command.rules;

/**
 * A command was refused because it would break a business rule. The rule's name is stable and machine-readable
 * (it appears in the problem response and in metrics); the message says what to do instead.
 */
public class RuleViolated extends RuntimeException {

    private final String rule;

    public RuleViolated(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}
