package dev.relationshipledger.kernel.negotiation;

/** How a negotiation ended. Only an AGREED negotiation can become a contract. */
public enum NegotiationOutcome {
    AGREED,
    WALKED_AWAY,
    LOST
}
