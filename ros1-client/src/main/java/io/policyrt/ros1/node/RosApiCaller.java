package io.policyrt.ros1.node;

import io.policyrt.ros1.xmlrpc.XmlRpcClient;
import io.policyrt.ros1.xmlrpc.XmlRpcException;
import io.policyrt.ros1.xmlrpc.XmlRpcFault;
import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * Calls one ROS API method and unwraps its {@code [code, statusMessage, value]} reply, the shape
 * every master and slave API method returns.
 */
final class RosApiCaller {
    private final XmlRpcClient client;

    RosApiCaller(XmlRpcClient client) {
        this.client = client;
    }

    /** The reply's value when code is 1; otherwise a {@link Ros1ApiException} carrying code and message. */
    Object call(URI uri, String method, Object... params) throws Ros1ApiException {
        Object reply;
        try {
            reply = client.call(uri, method, List.of(params));
        } catch (IOException e) {
            throw new Ros1ApiException(method + " at " + uri + " failed: " + e, e);
        } catch (XmlRpcException | XmlRpcFault e) {
            throw new Ros1ApiException(method + " at " + uri + " got a bad reply: " + e.getMessage(), e);
        }
        if (!(reply instanceof List<?> triple) || triple.size() != 3 || !(triple.get(0) instanceof Integer code)) {
            throw new Ros1ApiException(method + " at " + uri + " did not reply [code, message, value]: " + reply, 0);
        }
        if (code != 1) {
            throw new Ros1ApiException(method + " at " + uri + " refused (code " + code + "): " + triple.get(1), code);
        }
        return triple.get(2);
    }

    /** Casts a reply value to a list of strings, or says what the reply was instead. */
    static List<String> stringList(String method, Object value) throws Ros1ApiException {
        if (!(value instanceof List<?> list)) {
            throw new Ros1ApiException(method + " value is not an array: " + value, 0);
        }
        for (Object o : list) {
            if (!(o instanceof String)) {
                throw new Ros1ApiException(method + " value is not an array of strings: " + value, 0);
            }
        }
        @SuppressWarnings("unchecked")
        List<String> strings = (List<String>) list;
        return strings;
    }
}
