package io.policyrt.drivers.ros2;

/**
 * How a PolicyRT process joins the ROS 2 graph.
 *
 * @param domainId       the DDS domain (ROS_DOMAIN_ID), 0 to 232
 * @param localhostOnly  talk to processes on this machine only, without multicast: unicast
 *                       discovery to 127.0.0.1 and traffic on the loopback interface only, for
 *                       machines and CI without a multicast route (peers use the same mode)
 * @param participantName the DDS participant name other tools show
 */
public record Ros2Settings(int domainId, boolean localhostOnly, String participantName) {
    public Ros2Settings {
        if (domainId < 0 || domainId > 232) {
            throw new IllegalArgumentException("ROS 2 domain id must be in [0, 232], got " + domainId);
        }
    }

    /** The domain id from the ROS_DOMAIN_ID environment variable, or 0 when it is not set. */
    public static int domainFromEnvironment() {
        String v = System.getenv("ROS_DOMAIN_ID");
        if (v == null || v.isBlank()) {
            return 0;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("ROS_DOMAIN_ID must be an integer in [0, 232], got '" + v + "'");
        }
    }
}
