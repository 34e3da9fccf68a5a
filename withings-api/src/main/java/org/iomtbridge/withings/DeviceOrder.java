package org.iomtbridge.withings;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One order of dropshipment v2 {@code createuserorder}: where Withings ships which products. {@link #toString()} never
 * shows the address.
 *
 * @param customerRefId the program's id of the order, unique: Withings tracks the order by it
 * @param forceAddress  ship even when the carrier does not recognize the address
 */
public record DeviceOrder(String customerRefId, Address address, List<Product> products, boolean forceAddress) {

    public DeviceOrder {
        if (Objects.requireNonNull(customerRefId, "customerRefId").isBlank()) {
            throw new IllegalArgumentException("customerRefId is blank: give the program's unique id of the order");
        }
        Objects.requireNonNull(address, "address");
        products = List.copyOf(products);
        if (products.isEmpty()) {
            throw new IllegalArgumentException("an order needs at least one product");
        }
    }

    /**
     * The delivery address, with the fields Withings requires.
     *
     * @param state   the state's ISO code, where the country has states
     * @param country the country's two-letter ISO code
     */
    public record Address(String name, String email, String address1, Optional<String> address2, String city,
                          String zip, Optional<String> state, String country) {

        private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

        public Address {
            for (String required : new String[] {name, email, address1, city, zip}) {
                if (Objects.requireNonNull(required, "an address field").isBlank()) {
                    throw new IllegalArgumentException("name, email, address1, city and zip are required in an address");
                }
            }
            Objects.requireNonNull(address2, "address2");
            Objects.requireNonNull(state, "state");
            if (!COUNTRY.matcher(Objects.requireNonNull(country, "country")).matches()) {
                throw new IllegalArgumentException("country must be a two-letter ISO code such as US, was '" + country + "'");
            }
        }

        @Override
        public String toString() {
            return "Address[redacted]";
        }
    }

    /**
     * A product and how many: Withings names it by its EAN, or by the reference of the program's kit its customer
     * success manager gave — one of the two, never both.
     */
    public record Product(int quantity, Optional<String> ean, Optional<String> partnerRef) {

        public Product {
            if (quantity < 1) {
                throw new IllegalArgumentException("a product's quantity must be at least 1, was " + quantity);
            }
            if (ean.isPresent() == partnerRef.isPresent()) {
                throw new IllegalArgumentException("a product is named by its EAN or by the kit's partner reference, not both");
            }
        }

        public static Product ean(String ean, int quantity) {
            return new Product(quantity, Optional.of(ean), Optional.empty());
        }

        public static Product partnerRef(String partnerRef, int quantity) {
            return new Product(quantity, Optional.empty(), Optional.of(partnerRef));
        }
    }

    @Override
    public String toString() {
        return "DeviceOrder[customerRefId=" + customerRefId + ", address=redacted, products=" + products
                + ", forceAddress=" + forceAddress + "]";
    }
}
