package org.iomtbridge.fhirserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;
import java.util.Optional;

/** The network addresses of the machine the tests run on. */
final class ThisMachine {

    private ThisMachine() {
    }

    /** An address of this machine that others on its network could reach, when it has one (IPv4 first). */
    static Optional<InetAddress> nonLoopbackAddress() {
        try {
            return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                    .filter(ThisMachine::up)
                    .flatMap(network -> Collections.list(network.getInetAddresses()).stream())
                    .filter(address -> !address.isLoopbackAddress() && !address.isLinkLocalAddress())
                    .min((a, b) -> Boolean.compare(!(a instanceof Inet4Address), !(b instanceof Inet4Address)));
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a TCP connection to the address and port is accepted (false when it is refused). */
    static boolean accepts(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
            return true;
        } catch (ConnectException refused) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean up(NetworkInterface network) {
        try {
            return network.isUp();
        } catch (SocketException e) {
            return false;
        }
    }
}
