package org.iomtbridge.withings.model;

import java.util.List;

/**
 * The answer of dropshipment v2 {@code createuserorder}: the member's account exists and their devices are on their
 * way. {@link #toString()} never shows the code.
 *
 * @param authorizationCode exchange it for the member's tokens within 10 minutes; it works once
 */
public record OrderedMember(String externalId, String authorizationCode, List<PlacedOrder> orders,
                            String dropshipmentOrderId) {

    public OrderedMember {
        orders = List.copyOf(orders);
    }

    @Override
    public String toString() {
        return "OrderedMember[externalId=" + externalId + ", authorizationCode=redacted, orders=" + orders
                + ", dropshipmentOrderId=" + dropshipmentOrderId + "]";
    }
}
