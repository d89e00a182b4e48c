package dev.relationshipledger.kernel.personaldata;

/** A key was destroyed: nothing is sealed with it again, so what it held cannot be recorded again under that id. */
public class PersonalDataErased extends RuntimeException {

    public PersonalDataErased(KeyHolder holder) {
        super("what was recorded of " + holder + " was erased; record it again under a new id");
    }
}
