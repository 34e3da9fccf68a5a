package org.iomtbridge.withings;

/**
 * Hears every successful Withings answer as it came on the wire, before it is read into the model: for an archive of
 * raw responses, so that data can be mapped again later and its provenance proven. Answers with credentials (token
 * and nonce calls) are never heard.
 */
@FunctionalInterface
public interface ResponseListener {

    ResponseListener NONE = answer -> { };

    void received(Answer answer);
}
