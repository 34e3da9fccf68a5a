package org.iomtbridge.bridge.dashboard;

import io.nayuki.qrcodegen.QrCode;

/**
 * QR codes, so a patient can scan their enrollment link from the care team's screen. The page draws one as SVG
 * (templates/dashboard/enroll.html) from its size and the path of its dark modules.
 */
final class QrCodes {

    private static final int QUIET_ZONE = 4;

    /** A code {@code size} modules a side, the quiet zone included, and its dark modules as SVG path data. */
    record Qr(int size, String path) {
    }

    private QrCodes() {
    }

    static Qr of(String text) {
        QrCode code = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < code.size; y++) {
            for (int x = 0; x < code.size; x++) {
                if (code.getModule(x, y)) {
                    path.append('M').append(x + QUIET_ZONE).append(',').append(y + QUIET_ZONE).append("h1v1h-1z");
                }
            }
        }
        return new Qr(code.size + 2 * QUIET_ZONE, path.toString());
    }
}
