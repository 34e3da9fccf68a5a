package org.iomtbridge.emulator.oauth;

import org.iomtbridge.emulator.api.Envelopes;
import org.iomtbridge.emulator.api.Params;
import org.iomtbridge.emulator.api.WithingsError;
import org.iomtbridge.emulator.notify.SubscriptionService;
import org.iomtbridge.emulator.program.Program;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * {@code /v2/oauth2} (requesttoken, partner revoke, the program's recoverauthorizationcode and listusers) and
 * {@code /v2/signature} (getnonce).
 */
@RestController
@RequestMapping(method = {RequestMethod.GET, RequestMethod.POST})
public class OAuthApiController {

    private final RegisteredClient client;
    private final TokenService tokens;
    private final NonceService nonces;
    private final SubscriptionService subscriptions;
    private final Program program;

    public OAuthApiController(RegisteredClient client, TokenService tokens, NonceService nonces,
                              SubscriptionService subscriptions, Program program) {
        this.client = client;
        this.tokens = tokens;
        this.nonces = nonces;
        this.subscriptions = subscriptions;
        this.program = program;
    }

    @RequestMapping("/v2/oauth2")
    public Map<String, Object> oauth2(@RequestParam Map<String, String> params) {
        Params call = new Params(params);
        String action = call.required("action");
        String clientId = call.required("client_id");
        switch (action) {
            case "requesttoken" -> {
                authenticateClient(call, clientId);
                return Envelopes.ok(switch (call.required("grant_type")) {
                    case "authorization_code" -> tokens.exchange(clientId, call.text("code").orElse(null),
                            call.text("redirect_uri").orElse(null));
                    case "refresh_token" -> tokens.refresh(clientId, call.text("refresh_token").orElse(null));
                    default -> throw WithingsError.invalidParams("unsupported grant_type");
                });
            }
            case "revoke" -> {
                nonces.verify(action, clientId, call.text("nonce").orElse(null), call.text("signature").orElse(null));
                long userid = call.number("userid").orElseThrow(() -> WithingsError.invalidParams("missing userid"));
                tokens.revokeUser(userid);
                subscriptions.revokeAll(userid);
                return Envelopes.ok(Map.of());
            }
            case "recoverauthorizationcode" -> {
                return Envelopes.ok(program.recoverAuthorizationCode(call));
            }
            case "listusers" -> {
                return Envelopes.ok(program.listUsers(call));
            }
            default -> throw new WithingsError(2554, "Not implemented: action " + action);
        }
    }

    @RequestMapping("/v2/signature")
    public Map<String, Object> signature(@RequestParam Map<String, String> params) {
        Params call = new Params(params);
        if (!"getnonce".equals(call.required("action"))) {
            throw new WithingsError(2554, "Not implemented: action " + call.required("action"));
        }
        return Envelopes.ok(Map.of("nonce", nonces.issue(call.required("client_id"), call.text("timestamp").orElse(null),
                call.text("signature").orElse(null))));
    }

    /** A client secret, or a nonce with the signature of {@code requesttoken}. */
    private void authenticateClient(Params call, String clientId) {
        if (call.text("client_secret").isPresent()) {
            if (!client.id().equals(clientId) || !client.secretMatches(call.required("client_secret"))) {
                throw WithingsError.invalidParams("invalid client_id or client_secret");
            }
            return;
        }
        nonces.verify("requesttoken", clientId, call.text("nonce").orElse(null), call.text("signature").orElse(null));
    }
}
