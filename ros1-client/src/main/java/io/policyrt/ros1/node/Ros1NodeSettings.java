package io.policyrt.ros1.node;

import io.policyrt.ros1.tcpros.TcprosLimits;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link Ros1Node} joins the graph.
 *
 * @param nodeName             the node's name ({@code policyrt_controller} becomes {@code /policyrt_controller})
 * @param masterUri            the ROS master's XML-RPC URI
 * @param host                 the host name or address this node advertises to its peers
 * @param slavePort            port of the node's XML-RPC slave API; 0 picks a free one
 * @param tcprosPort           port of the node's TCPROS server; 0 picks a free one
 * @param tcpNoDelay           subscriptions ask publishers for TCP_NODELAY
 * @param limits               TCPROS frame, header, handshake and connection bounds
 * @param slaveApiLimits       bounds on the XML-RPC slave API server (request deadline, workers, connections)
 * @param xmlRpcTimeout        how long one master or slave API call may take
 * @param masterCheckPeriod    how often the node checks that the master still knows it (and re-registers if not)
 */
public record Ros1NodeSettings(String nodeName, URI masterUri, String host, int slavePort, int tcprosPort, boolean tcpNoDelay,
                               TcprosLimits limits, SlaveApiLimits slaveApiLimits, Duration xmlRpcTimeout,
                               Duration masterCheckPeriod) {
    public static final String DEFAULT_MASTER_URI = "http://localhost:11311/";

    public Ros1NodeSettings {
        nodeName = GraphNames.nodeName(nodeName);
        Objects.requireNonNull(masterUri, "masterUri");
        if (!"http".equals(masterUri.getScheme()) || masterUri.getHost() == null || masterUri.getPort() <= 0) {
            throw new IllegalArgumentException("master URI must look like http://HOST:PORT/, got '" + masterUri + "'");
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the node's advertised host is empty");
        }
        if (slavePort < 0 || slavePort > 65535 || tcprosPort < 0 || tcprosPort > 65535) {
            throw new IllegalArgumentException("ports must be 0..65535: " + slavePort + ", " + tcprosPort);
        }
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(slaveApiLimits, "slaveApiLimits");
        if (xmlRpcTimeout.isNegative() || xmlRpcTimeout.isZero() || masterCheckPeriod.isNegative() || masterCheckPeriod.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    /**
     * Settings as ROS tools resolve them: an explicit value wins, then {@code ROS_MASTER_URI},
     * {@code ROS_IP}, {@code ROS_HOSTNAME} from {@code env}, then the defaults
     * ({@code http://localhost:11311/}, the machine's host name).
     *
     * @param masterUri null to take it from the environment
     * @param host      null to take it from the environment
     */
    public static Ros1NodeSettings resolve(String nodeName, String masterUri, String host, Map<String, String> env) {
        String master = firstNonBlank(masterUri, env.get("ROS_MASTER_URI"), DEFAULT_MASTER_URI);
        String advertised = firstNonBlank(host, env.get("ROS_IP"), env.get("ROS_HOSTNAME"), null);
        if (advertised == null) {
            advertised = localHostName();
        }
        URI uri;
        try {
            uri = URI.create(master);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("master URI '" + master + "' is not a URI: " + e.getMessage());
        }
        return new Ros1NodeSettings(nodeName, uri, advertised, 0, 0, true, TcprosLimits.DEFAULT, SlaveApiLimits.DEFAULT,
                Duration.ofSeconds(5),
                Duration.ofSeconds(1));
    }

    public Ros1NodeSettings withLimits(TcprosLimits newLimits) {
        return new Ros1NodeSettings(nodeName, masterUri, host, slavePort, tcprosPort, tcpNoDelay, newLimits, slaveApiLimits, xmlRpcTimeout,
                masterCheckPeriod);
    }

    public Ros1NodeSettings withSlaveApiLimits(SlaveApiLimits newLimits) {
        return new Ros1NodeSettings(nodeName, masterUri, host, slavePort, tcprosPort, tcpNoDelay, limits, newLimits, xmlRpcTimeout,
                masterCheckPeriod);
    }

    public Ros1NodeSettings withTcpNoDelay(boolean noDelay) {
        return new Ros1NodeSettings(nodeName, masterUri, host, slavePort, tcprosPort, noDelay, limits, slaveApiLimits, xmlRpcTimeout,
                masterCheckPeriod);
    }

    public Ros1NodeSettings withMasterCheckPeriod(Duration period) {
        return new Ros1NodeSettings(nodeName, masterUri, host, slavePort, tcprosPort, tcpNoDelay, limits, slaveApiLimits, xmlRpcTimeout,
                period);
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    private static String localHostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }
}
