package io.drkit.backup.pace;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;

import io.drkit.core.pg.JdbcUrl;

/** Whether the source database runs on the machine drkit runs on: then the two share its cores. */
public final class SharedHost {

    private SharedHost() {}

    public static boolean with(JdbcUrl source) {
        String host = source.host();
        if (host == null || host.isBlank() || host.startsWith("/")) {
            return true; // a Unix socket is on this machine by definition
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host.replace("[", "").replace("]", ""))) {
                if (address.isLoopbackAddress() || address.isAnyLocalAddress()
                        || NetworkInterface.getByInetAddress(address) != null) {
                    return true;
                }
            }
            return false;
        } catch (UnknownHostException | SocketException e) {
            return false; // a name that does not resolve here is not this machine's
        }
    }
}
