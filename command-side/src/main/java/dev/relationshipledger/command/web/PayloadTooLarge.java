package dev.relationshipledger.command.web;

import java.io.IOException;

/** A request body ran past the configured limit; reading stops there, nothing is handled. */
public class PayloadTooLarge extends IOException {

    public PayloadTooLarge(long limit) {
        super("the request body exceeds the limit of " + limit + " bytes");
    }
}
