package org.iomtbridge.bridge;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.HtmlUtils;

/** The patient's pages: small, plain, readable on a phone. */
public final class HtmlPage {

    private HtmlPage() {
    }

    /** @param body HTML when it starts with {@code <}, plain text otherwise */
    public static ResponseEntity<String> of(HttpStatus status, String title, String body) {
        String html = """
                <!doctype html><html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1"><title>%1$s</title>
                <link rel="stylesheet" href="/assets/patient.css"></head>
                <body><h1>%1$s</h1>%2$s</body></html>""".formatted(escape(title), body.startsWith("<") ? body
                : "<p>" + body + "</p>");
        return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML).body(html);
    }

    public static String escape(String text) {
        return HtmlUtils.htmlEscape(text);
    }
}
