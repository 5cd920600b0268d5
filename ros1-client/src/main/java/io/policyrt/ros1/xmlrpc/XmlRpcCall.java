package io.policyrt.ros1.xmlrpc;

import java.util.List;

/**
 * One XML-RPC method call. Parameters are the Java values {@link XmlRpcCodec} maps XML-RPC onto:
 * Integer, Boolean, String, Double, byte[] (base64), List (array), Map (struct).
 */
public record XmlRpcCall(String methodName, List<Object> params) {
    public XmlRpcCall {
        params = List.copyOf(params);
    }
}
