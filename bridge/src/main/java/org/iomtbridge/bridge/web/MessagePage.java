package org.iomtbridge.bridge.web;

import org.springframework.http.HttpStatusCode;
import org.springframework.web.servlet.ModelAndView;

import java.util.Map;

/**
 * A page in the patient's plain look that says one thing — a title and a sentence: what went wrong or what happened,
 * and what to do (templates/patient/message.html). The patients' pages and the error pages use it.
 */
public final class MessagePage {

    static final String VIEW = "patient/message";

    private MessagePage() {
    }

    public static ModelAndView of(HttpStatusCode status, String title, String message) {
        return new ModelAndView(VIEW, model(title, message), status);
    }

    static Map<String, Object> model(String title, String message) {
        return Map.of("title", title, "message", message);
    }
}
