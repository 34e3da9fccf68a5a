package org.iomtbridge.e2e;

import org.iomtbridge.bridge.support.Browser;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The dashboard's sign-in form as a browser submits it: the page's CSRF token, then the user name and password. */
final class DashboardSignIn {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+(?:value|content)=\"([^\"]+)\"");

    private DashboardSignIn() {
    }

    /** The answer to the form: a redirect to the dashboard once signed in, elsewhere when refused. */
    static HttpResponse<String> attempt(Stack stack, Browser browser, String user, String password) {
        HttpResponse<String> form = browser.get(stack.publicUrl("/login"));
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("username", user);
        fields.put("password", password);
        csrfToken(form.body()).ifPresent(token -> fields.put("_csrf", token));
        return browser.postForm(stack.publicUrl("/login"), fields);
    }

    /** Signs in, or fails the test. */
    static void signIn(Stack stack, Browser browser, String user, String password) {
        HttpResponse<String> answer = attempt(stack, browser, user, password);
        if (!signedIn(stack, answer)) {
            throw new AssertionError("sign-in of " + user + " refused: " + answer.statusCode() + " "
                    + answer.headers().firstValue("Location").orElse(answer.body()));
        }
    }

    /** Signed in: sent on to the dashboard, or to the dashboard page asked for before signing in. */
    static boolean signedIn(Stack stack, HttpResponse<String> answer) {
        String next = answer.headers().firstValue("Location").orElse("");
        return answer.statusCode() == 302 && (next.equals(stack.publicUrl("/dashboard"))
                || next.startsWith(stack.publicUrl("/dashboard?")) || next.startsWith(stack.publicUrl("/dashboard/")));
    }

    /** The CSRF token of a page: its form's hidden field, or the layout's meta tag. */
    static Optional<String> csrfToken(String html) {
        Matcher token = CSRF.matcher(html);
        return token.find() ? Optional.of(token.group(1)) : Optional.empty();
    }

    /** The names of the cookies an answer sets. */
    static List<String> cookieNames(HttpResponse<?> answer) {
        return answer.headers().allValues("Set-Cookie").stream().map(cookie -> cookie.split("=", 2)[0].trim()).toList();
    }
}
