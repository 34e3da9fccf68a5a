package org.iomtbridge.emulator.oauth;

import org.iomtbridge.emulator.world.SimUser;
import org.iomtbridge.emulator.world.World;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Withings' authorization page, {@code /oauth2_user/authorize2}: the user signs in (or picks a simulated user) and
 * accepts or denies; the browser then goes back to the application's {@code redirect_uri} with {@code code} and
 * {@code state}, or {@code error=access_denied}. The page is a plain form, so a test can consent with one POST.
 */
@RestController
public class AuthorizePageController {

    private static final String PATH = "/oauth2_user/authorize2";
    private static final Set<String> SCOPES = Set.of("user.info", "user.metrics", "user.activity", "user.sleepevents");

    private final RegisteredClient client;
    private final TokenService tokens;
    private final World world;

    public AuthorizePageController(RegisteredClient client, TokenService tokens, World world) {
        this.client = client;
        this.tokens = tokens;
        this.world = world;
    }

    @GetMapping(path = PATH, produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> page(@RequestParam Map<String, String> params) {
        Optional<ResponseEntity<String>> refused = refuse(params);
        return refused.orElseGet(() -> html(HttpStatus.OK, consentPage(params, null)));
    }

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE, produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> decide(@RequestParam Map<String, String> params) {
        Optional<ResponseEntity<String>> refused = refuse(params);
        if (refused.isPresent()) {
            return refused.get();
        }
        UriComponentsBuilder back = UriComponentsBuilder.fromUriString(params.get("redirect_uri"))
                .queryParam("state", params.getOrDefault("state", ""));
        if (!"accept".equals(params.get("decision"))) {
            return redirect(back.queryParam("error", "access_denied").build().encode().toUri());
        }
        Optional<SimUser> user = signedInUser(params);
        if (user.isEmpty()) {
            return html(HttpStatus.UNAUTHORIZED, consentPage(params, "Unknown user or wrong password."));
        }
        user.get().relink();
        String code = tokens.issueCode(new TokenService.Grant(user.get().userid(), client.id(), scopes(params)),
                params.get("redirect_uri"));
        return redirect(back.queryParam("code", code).build().encode().toUri());
    }

    private Optional<SimUser> signedInUser(Map<String, String> params) {
        if ("demo".equals(params.get("mode"))) {
            return world.users().stream().findFirst();
        }
        if (params.get("userid") != null && !params.get("userid").isBlank()) {
            try {
                return world.user(Long.parseLong(params.get("userid").trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return world.userByEmail(params.getOrDefault("email", ""))
                .filter(user -> user.passwordMatches(params.getOrDefault("password", "")));
    }

    /** The errors Withings shows instead of the page: a wrong client, redirect URI, response type or scope. */
    private Optional<ResponseEntity<String>> refuse(Map<String, String> params) {
        if (!client.id().equals(params.get("client_id"))) {
            return Optional.of(error("invalid_client", "The client_id is unknown."));
        }
        if (!client.redirectAllowed(params.get("redirect_uri"))) {
            return Optional.of(error("invalid_request", "The redirect_uri is not registered for this application."));
        }
        if (!"code".equals(params.get("response_type"))) {
            return Optional.of(error("unsupported_response_type", "response_type must be code."));
        }
        if (scopes(params).isEmpty() || !SCOPES.containsAll(scopes(params))) {
            return Optional.of(error("invalid_scope", "scope must list some of " + String.join(",", SCOPES) + "."));
        }
        return Optional.empty();
    }

    private static List<String> scopes(Map<String, String> params) {
        return Arrays.stream(params.getOrDefault("scope", "").split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .distinct().toList();
    }

    private String consentPage(Map<String, String> params, String problem) {
        String hidden = Set.of("response_type", "client_id", "scope", "redirect_uri", "state", "mode").stream().sorted()
                .filter(params::containsKey)
                .map(name -> "<input type=\"hidden\" name=\"" + name + "\" value=\"" + escape(params.get(name)) + "\">")
                .collect(Collectors.joining("\n      "));
        String users = world.users().stream()
                .map(user -> "<option value=\"" + user.userid() + "\">" + escape(user.email()) + " (" + user.userid() + ")</option>")
                .collect(Collectors.joining());
        String who = "demo".equals(params.get("mode"))
                ? "<p>Demo mode: you share the data of the demo account.</p>"
                : """
                  <label>Simulated user <select name="userid" id="userid"><option value="">—</option>%s</select></label>
                  <p>or sign in:</p>
                  <label>Email <input name="email" id="email" autocomplete="off"></label>
                  <label>Password <input name="password" id="password" type="password"></label>
                  """.formatted(users);
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Withings — Authorize %1$s</title>
                <style>body{font-family:sans-serif;max-width:34rem;margin:2rem auto}label{display:block;margin:.5rem 0}
                .problem{color:#b00}button{margin-right:1rem;padding:.4rem 1.2rem}</style></head>
                <body>
                  <h1>Withings (emulator)</h1>
                  <p>The application <strong>%1$s</strong> asks to access: <strong>%2$s</strong>.</p>
                  %3$s
                  <form method="post" action="%4$s">
                    %5$s
                    %6$s
                    <button type="submit" name="decision" value="accept" id="accept">Allow this app</button>
                    <button type="submit" name="decision" value="deny" id="deny">Cancel</button>
                  </form>
                </body></html>
                """.formatted(escape(params.get("client_id")), escape(params.get("scope")),
                problem == null ? "" : "<p class=\"problem\">" + escape(problem) + "</p>", PATH, hidden, who);
    }

    private static ResponseEntity<String> error(String code, String description) {
        return html(HttpStatus.BAD_REQUEST, """
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Withings — Error</title></head>
                <body><h1>Error: %s</h1><p>%s</p></body></html>""".formatted(code, escape(description)));
    }

    private static ResponseEntity<String> html(HttpStatus status, String body) {
        return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML).body(body);
    }

    private static ResponseEntity<String> redirect(URI location) {
        return ResponseEntity.status(HttpStatus.FOUND).location(location).build();
    }

    private static String escape(String text) {
        return text == null ? "" : HtmlUtils.htmlEscape(text);
    }
}
