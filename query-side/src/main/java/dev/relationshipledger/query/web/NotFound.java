package dev.relationshipledger.query.web;

/** The read model holds nothing under the id asked for. */
public class NotFound extends RuntimeException {

    public NotFound(String what) {
        super(what);
    }
}
