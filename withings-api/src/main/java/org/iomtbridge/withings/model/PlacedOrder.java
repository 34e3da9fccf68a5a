package org.iomtbridge.withings.model;

/**
 * One order of dropshipment v2 {@code createuserorder} as Withings placed it.
 *
 * @param status as Withings names it, for example {@code VERIFIED}
 */
public record PlacedOrder(String orderId, String customerRefId, String status) {
}
