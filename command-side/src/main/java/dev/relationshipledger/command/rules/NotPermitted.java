package dev.relationshipledger.command.rules;

/** The actor is authenticated and holds a writing role, but may not act on this particular aggregate. */
public class NotPermitted extends RuleViolated {

    public NotPermitted(String rule, String message) {
        super(rule, message);
    }
}
