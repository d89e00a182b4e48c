package dev.relationshipledger.support.web;

/** A query parameter given more than once; each side answers it as a 400 naming the parameter. */
public class RepeatedParameter extends RuntimeException {

    private final String parameter;

    public RepeatedParameter(String parameter, int times) {
        super("is given " + times + " times; give it once");
        this.parameter = parameter;
    }

    /** The parameter's name, as the client sent it. */
    public String parameter() {
        return parameter;
    }
}
