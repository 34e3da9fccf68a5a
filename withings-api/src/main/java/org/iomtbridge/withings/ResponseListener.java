package org.iomtbridge.withings;

/**
 * Hears every successful Withings answer as it came on the wire, before it is read into the model: for an archive of
 * raw responses, so that data can be mapped again later and its provenance proven.
 */
@FunctionalInterface
public interface ResponseListener {

    ResponseListener NONE = (call, body) -> { };

    /**
     * @param call the service and action, for example {@code /measure getmeas}
     * @param body the whole {@code {status, body}} envelope, as received
     */
    void received(String call, String body);
}
