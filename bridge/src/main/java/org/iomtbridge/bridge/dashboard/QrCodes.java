package org.iomtbridge.bridge.dashboard;

import io.nayuki.qrcodegen.QrCode;

/** QR codes as SVG, so a patient can scan their enrollment link from the care team's screen. */
final class QrCodes {

    private static final int QUIET_ZONE = 4;

    private QrCodes() {
    }

    static String svg(String text) {
        QrCode code = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        int size = code.size + 2 * QUIET_ZONE;
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < code.size; y++) {
            for (int x = 0; x < code.size; x++) {
                if (code.getModule(x, y)) {
                    path.append('M').append(x + QUIET_ZONE).append(',').append(y + QUIET_ZONE).append("h1v1h-1z");
                }
            }
        }
        return """
                <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %1$d %1$d" width="240" height="240" \
                role="img" aria-label="QR code of the enrollment link" shape-rendering="crispEdges">\
                <rect width="100%%" height="100%%" fill="#fff"/><path d="%2$s" fill="#000"/></svg>"""
                .formatted(size, path);
    }
}
