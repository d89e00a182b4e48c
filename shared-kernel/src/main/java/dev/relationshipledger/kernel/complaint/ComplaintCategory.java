package dev.relationshipledger.kernel.complaint;

/** What a complaint is about. */
public enum ComplaintCategory {
    PRODUCT_QUALITY,
    DELIVERY,
    BILLING,
    SERVICE,
    COMMUNICATION,
    CONTRACT,
    OTHER
}
