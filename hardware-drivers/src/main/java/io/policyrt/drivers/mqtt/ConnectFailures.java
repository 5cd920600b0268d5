package io.policyrt.drivers.mqtt;

import java.net.ConnectException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * Says in one line why an MQTT connection cannot be set up or started, and what to check: settings
 * that cannot work (a URI scheme that does not match the TLS setting, a broker URI or client id
 * Paho refuses) and Paho's connect failures (refused credentials, an untrusted broker certificate,
 * an unreachable broker, a timeout).
 */
final class ConnectFailures {
    private ConnectFailures() {
    }

    /**
     * Refuses settings whose URI scheme contradicts them: ssl:// without a CA file, TLS over
     * tcp://, and a username/password over tcp:// to another host (clear text on the network).
     */
    static void requireMatchingScheme(MqttSettings settings) throws MqttTransportException {
        if (settings.brokerUri().startsWith("ssl://") && settings.tls() == null) {
            throw new MqttTransportException("MQTT: broker URI " + settings.brokerUri() + " is ssl:// but no TLS CA file is configured");
        }
        if (settings.brokerUri().startsWith("tcp://") && (settings.username() != null || settings.password() != null)
                && !MqttSettings.isLoopback(settings.brokerUri())) {
            throw new MqttTransportException("MQTT: a username/password is configured but the broker URI " + settings.brokerUri()
                    + " is plain tcp:// to another host, which would send the password in clear text; use ssl:// with a TLS CA "
                    + "file (plain tcp:// is accepted only to 127.0.0.1, ::1 or localhost)");
        }
        if (settings.brokerUri().startsWith("tcp://") && settings.tls() != null) {
            throw new MqttTransportException("MQTT: TLS is configured but the broker URI " + settings.brokerUri()
                    + " is tcp://; use ssl://");
        }
    }

    /** Paho refused to create a client for these settings. */
    static MqttTransportException badUriOrClientId(MqttSettings settings, Exception e) {
        return new MqttTransportException("MQTT: bad broker URI or client id in " + settings + ": " + e.getMessage(), e);
    }

    static MqttTransportException closed(MqttSettings settings) {
        return new MqttTransportException("MQTT connection " + settings.clientId() + " is closed");
    }

    static MqttTransportException subscriptionsRefused(MqttSettings settings, MqttException e) {
        return new MqttTransportException("MQTT: broker " + settings.brokerUri() + " refused the subscriptions: " + e, e);
    }

    /** A failed CONNECT, its message naming the cause a user can act on. */
    static MqttTransportException connectFailed(MqttSettings settings, MqttException e) {
        return new MqttTransportException(explain(settings, e), e);
    }

    private static String explain(MqttSettings settings, MqttException e) {
        String uri = settings.brokerUri();
        int code = e.getReasonCode();
        if (code == MqttException.REASON_CODE_FAILED_AUTHENTICATION) {
            return "MQTT: broker " + uri + " refused the user name or password (CONNACK 4): check the username and password";
        }
        if (code == MqttException.REASON_CODE_NOT_AUTHORIZED) {
            return "MQTT: broker " + uri + " refused the connection as not authorized (CONNACK 5): wrong or missing username/password";
        }
        if (code == MqttException.REASON_CODE_INVALID_CLIENT_ID) {
            return "MQTT: broker " + uri + " refused the client id '" + settings.clientId() + "'";
        }
        if (code == MqttException.REASON_CODE_CLIENT_TIMEOUT) {
            return "MQTT: timed out after " + settings.connectTimeoutS() + " s connecting to " + uri;
        }
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof CertPathValidatorException || c instanceof CertificateException
                    || (c.getMessage() != null && c.getMessage().contains("PKIX path"))) {
                return "MQTT: TLS handshake with " + uri + " failed: the broker's certificate is not trusted by the CA file "
                        + settings.tls().caFile() + " or does not name this host (" + rootMessage(e) + ")";
            }
        }
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof SSLException) {
                return "MQTT: TLS handshake with " + uri + " failed: " + rootMessage(e);
            }
            if (c instanceof ConnectException) {
                return "MQTT: cannot reach the broker at " + uri + ": " + c.getMessage() + " (is it running?)";
            }
        }
        return "MQTT: cannot connect to " + uri + ": " + e.getMessage() + " (reason " + code + ", " + rootMessage(e) + ")";
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r.getClass().getSimpleName() + ": " + r.getMessage();
    }
}
